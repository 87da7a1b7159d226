<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BigNumbers</name>
    <message>
        <source>PLAN</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>ACTUAL</source>
        <translation>实际</translation>
    </message>
    <message>
        <source>GAP</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>TAKT</source>
        <translation>节拍</translation>
    </message>
    <message>
        <source>COUNTER OFFLINE</source>
        <translation>计数器离线</translation>
    </message>
    <message>
        <source>No production planned</source>
        <translation>今日无生产计划</translation>
    </message>
    <message>
        <source>pcs by now</source>
        <translation>件（截至现在）</translation>
    </message>
    <message>
        <source>good · %1 scrap</source>
        <translation>良品 · 不良 %1</translation>
    </message>
    <message>
        <source>%1 min ahead</source>
        <translation>超前 %1 分钟</translation>
    </message>
    <message>
        <source>%1 min behind</source>
        <translation>落后 %1 分钟</translation>
    </message>
    <message>
        <source>s per piece</source>
        <translation>秒/件</translation>
    </message>
</context>
<context>
    <name>BoardPage</name>
    <message>
        <source>No lines seen yet. Lines appear as their kiosks report.</source>
        <translation>尚无产线。各产线的工位上报后即会显示。</translation>
    </message>
    <message>
        <source>Next page ›</source>
        <translation>下一页 ›</translation>
    </message>
    <message>
        <source>Plant service: unknown (shared database not reached)</source>
        <translation>工厂服务：状态未知（共享数据库未连上）</translation>
    </message>
    <message>
        <source>NO NOTICES: plant service never heard</source>
        <translation>无法通知：工厂服务从未上线</translation>
    </message>
    <message>
        <source>NO NOTICES: plant service silent for %1 min</source>
        <translation>无法通知：工厂服务已 %1 分钟无响应</translation>
    </message>
    <message>
        <source>Plant service running: escalations are sent</source>
        <translation>工厂服务运行中：升级通知正常发送</translation>
    </message>
    <message>
        <source>LINES (%1)</source>
        <translation>产线（%1）</translation>
    </message>
    <message numerus="yes">
        <source>%n stopped</source>
        <translation>
            <numerusform>%n 条停线</numerusform>
        </translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <source>Also stopped: %1</source>
        <translation>其他页停线：%1</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <source>Shared DB: not set up</source>
        <translation>共享数据库：未配置</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>all lines</source>
        <translation>全部产线</translation>
    </message>
    <message>
        <source>Plant board</source>
        <translation>全厂看板</translation>
    </message>
    <message>
        <source>Board: %1</source>
        <translation>看板：%1</translation>
    </message>
    <message>
        <source>Maintenance: %1</source>
        <translation>维修站：%1</translation>
    </message>
    <message>
        <source>Between shifts</source>
        <translation>非班次时间</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Light NOT
CONFIRMED</source>
        <translation>塔灯
未应答</translation>
    </message>
    <message>
        <source>Light:
connecting…</source>
        <translation>塔灯：
连接中…</translation>
    </message>
    <message>
        <source>Light sent
(no replies)</source>
        <translation>塔灯已发送
（无应答）</translation>
    </message>
    <message>
        <source>Store OK</source>
        <translation>本地存储正常</translation>
    </message>
    <message>
        <source>Close kiosk</source>
        <translation>关闭安灯终端</translation>
    </message>
    <message>
        <source>Store FAILING
not saving</source>
        <translation>本地存储故障
无法保存</translation>
    </message>
    <message>
        <source>Store FAILING
cannot be read</source>
        <translation>本地存储故障
无法读取</translation>
    </message>
    <message>
        <source>No stack light</source>
        <translation>未配置塔灯</translation>
    </message>
    <message>
        <source>Simulated
light</source>
        <translation>模拟
塔灯</translation>
    </message>
    <message>
        <source>Light OK</source>
        <translation>塔灯正常</translation>
    </message>
    <message>
        <source>Counter …</source>
        <translation>计数器…</translation>
    </message>
    <message>
        <source>Counter OK</source>
        <translation>计数器正常</translation>
    </message>
    <message>
        <source>Counter OFFLINE</source>
        <translation>计数器离线</translation>
    </message>
    <message>
        <source>Simulated counter</source>
        <translation>模拟计数器</translation>
    </message>
    <message>
        <source>Badges …</source>
        <translation>读卡器…</translation>
    </message>
    <message>
        <source>Badges OK</source>
        <translation>读卡器正常</translation>
    </message>
    <message>
        <source>Badges OFFLINE</source>
        <translation>读卡器离线</translation>
    </message>
    <message numerus="yes">
        <source>%n to send</source>
        <translation>
            <numerusform>待上传 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not sent, see sync status</source>
        <translation>
            <numerusform>%n 条无法上传，请查看同步状态</numerusform>
        </translation>
    </message>
    <message>
        <source>NO NOTICES: the plant service, which tells people off the floor, is silent</source>
        <translation>无法通知：负责通知现场以外人员的工厂服务无响应</translation>
    </message>
    <message>
        <source>NO NOTICES</source>
        <translation>无法通知</translation>
    </message>
    <message>
        <source>Shared DB: connecting…</source>
        <translation>共享数据库：连接中…</translation>
    </message>
    <message>
        <source>Shared DB online</source>
        <translation>共享数据库在线</translation>
    </message>
    <message>
        <source>Shared DB OFFLINE</source>
        <translation>共享数据库离线</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>自 %1 起</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>STOP AND REPORT: TAP WHAT IS WRONG</source>
        <translation>停线呼叫：点击异常类别</translation>
    </message>
    <message>
        <source>LIGHT</source>
        <translation>塔灯</translation>
    </message>
</context>
<context>
    <name>HourTableModel</name>
    <message>
        <source>Hour</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实际</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Reason for the miss</source>
        <translation>未达成原因</translation>
    </message>
</context>
<context>
    <name>LineTile</name>
    <message>
        <source>No kiosk of this line has reported: no stops show here</source>
        <translation>本线尚无工位上报：此处不显示其停线</translation>
    </message>
    <message>
        <source>Kiosk not heard from for %1: its stops may not show here</source>
        <translation>工位已 %1 未上报：其停线可能未显示在此</translation>
    </message>
    <message numerus="yes">
        <source>+ %n more open</source>
        <translation>
            <numerusform>另有 %n 个未关闭</numerusform>
        </translation>
    </message>
    <message>
        <source>NO WORD</source>
        <translation>无消息</translation>
    </message>
    <message>
        <source>SAFETY</source>
        <translation>安全事件</translation>
    </message>
    <message>
        <source>STOPPED</source>
        <translation>停线</translation>
    </message>
    <message>
        <source>Being fixed</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>呼叫</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>No shift running</source>
        <translation>当前无班次</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Andon: %1</source>
        <translation>安灯：%1</translation>
    </message>
    <message>
        <source>Only an administrator can close the kiosk.</source>
        <translation>只有管理员可以关闭安灯终端。</translation>
    </message>
</context>
<context>
    <name>OeePanel</name>
    <message>
        <source>Availability</source>
        <translation>时间稼动率</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>性能稼动率</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>良品率</translation>
    </message>
    <message>
        <source>OEE</source>
        <translation>设备综合效率 OEE</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>Space</source>
        <translation>空格</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>ParetoBars</name>
    <message>
        <source>No losses</source>
        <translation>无损失</translation>
    </message>
    <message numerus="yes">
        <source>+ %n more: %1</source>
        <translation>
            <numerusform>另有 %n 项：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
</context>
<context>
    <name>PhrasePicker</name>
    <message>
        <source>Other… (type it)</source>
        <translation>其他…（手动输入）</translation>
    </message>
</context>
<context>
    <name>ProductPicker</name>
    <message>
        <source>takt %1 s</source>
        <translation>节拍 %1 秒</translation>
    </message>
    <message>
        <source>%1 per shift</source>
        <translation>每班 %1 件</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Which product does the line make now?</source>
        <translation>产线现在生产哪个产品？</translation>
    </message>
    <message>
        <source>The change is recorded and the plan follows the new product&apos;s takt from now on.</source>
        <translation>换型将被记录，计划从现在起按新产品的节拍计算。</translation>
    </message>
</context>
<context>
    <name>ProductionChart</name>
    <message>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Actual (good parts)</source>
        <translation>实际（良品）</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>差异</translation>
    </message>
</context>
<context>
    <name>ProductionPage</name>
    <message>
        <source>‹ Back</source>
        <translation>‹ 返回</translation>
    </message>
    <message>
        <source>Change product…</source>
        <translation>换型…</translation>
    </message>
    <message>
        <source>+1 good</source>
        <translation>良品 +1</translation>
    </message>
    <message>
        <source>+1 scrap</source>
        <translation>不良 +1</translation>
    </message>
    <message>
        <source>LOSSES THIS SHIFT</source>
        <translation>本班损失</translation>
    </message>
    <message>
        <source>Between shifts</source>
        <translation>非班次时间</translation>
    </message>
    <message>
        <source>Product: %1</source>
        <translation>产品：%1</translation>
    </message>
</context>
<context>
    <name>ProductionStrip</name>
    <message>
        <source>Production ›</source>
        <translation>生产看板 ›</translation>
    </message>
</context>
<context>
    <name>ReasonPage</name>
    <message>
        <source>The call is out and the light is on. What happened? (optional)</source>
        <translation>呼叫已发出，塔灯已亮。发生了什么？（可选）</translation>
    </message>
    <message>
        <source>Skip: no reason now</source>
        <translation>跳过：暂不选择原因</translation>
    </message>
    <message>
        <source>%1 %2: reported</source>
        <translation>%1 %2：已呼叫</translation>
    </message>
    <message>
        <source>Recorded, but the stack light is NOT confirmed: tell the team leader yourself. What happened? (optional)</source>
        <translation>已记录，但塔灯未应答：请亲自通知班组长。发生了什么？（可选）</translation>
    </message>
    <message>
        <source>The call is recorded. What happened? (optional)</source>
        <translation>呼叫已记录。发生了什么？（可选）</translation>
    </message>
</context>
<context>
    <name>SignInForm</name>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Scan your badge, or enter your employee number and PIN.</source>
        <translation>请刷工牌，或输入工号和密码。</translation>
    </message>
    <message>
        <source>Employee number</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Enter your employee number first.</source>
        <translation>请先输入工号。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
</context>
<context>
    <name>StackLightWidget</name>
    <message>
        <source>What the tower shows is not known: it has not confirmed.</source>
        <translation>塔灯当前显示未知：塔灯尚未应答。</translation>
    </message>
    <message>
        <source>Not confirmed</source>
        <translation>未应答</translation>
    </message>
</context>
<context>
    <name>TicketDetailForm</name>
    <message>
        <source>‹ Back</source>
        <translation>‹ 返回</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>呼叫时间</translation>
    </message>
    <message>
        <source>Line down for</source>
        <translation>停线时长</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>What restarted the line</source>
        <translation>临时措施（恢复生产）</translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation>根本原因</translation>
    </message>
    <message>
        <source>Countermeasure</source>
        <translation>长期纠正措施</translation>
    </message>
    <message>
        <source>History</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>What you can do</source>
        <translation>可执行的操作</translation>
    </message>
    <message>
        <source>Sign in to act on this ticket: team leaders acknowledge, maintenance and engineering fix and close.</source>
        <translation>登录后才能处理此异常单：班组长响应，维修和工程人员处理并结案。</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>TicketList</name>
    <message numerus="yes">
        <source>Show %n more (less urgent)</source>
        <translation>
            <numerusform>再显示 %n 条（不太紧急）</numerusform>
        </translation>
    </message>
    <message>
        <source>No open tickets. The line is running.</source>
        <translation>没有未结异常单，产线正常运行。</translation>
    </message>
    <message>
        <source>No open tickets were saved, and new stops cannot be recorded here: look at the line.</source>
        <translation>没有已保存的未结异常单，且本终端无法记录新的异常：请到现场查看。</translation>
    </message>
    <message>
        <source>OPEN TICKETS: UNKNOWN</source>
        <translation>未结异常单：未知</translation>
    </message>
    <message>
        <source>The tickets cannot be read from this kiosk&apos;s storage. The line may be stopped: look at the line.</source>
        <translation>无法从本终端的存储读取异常单。产线可能已停线：请到现场查看。</translation>
    </message>
    <message>
        <source>OPEN TICKETS</source>
        <translation>未结异常单</translation>
    </message>
    <message>
        <source>Reading tickets…</source>
        <translation>正在读取异常单…</translation>
    </message>
    <message>
        <source>OPEN TICKETS (%1)</source>
        <translation>未结异常单（%1）</translation>
    </message>
</context>
<context>
    <name>TicketPage</name>
    <message>
        <source>%1 by %2 at %3</source>
        <translation>%1 由 %2 在 %3 呼叫</translation>
    </message>
    <message>
        <source>line operator</source>
        <translation>产线作业员</translation>
    </message>
    <message>
        <source>Line down for</source>
        <translation>停线时长</translation>
    </message>
    <message>
        <source>Line was down for</source>
        <translation>停线时长（已恢复）</translation>
    </message>
    <message>
        <source>Open for</source>
        <translation>已持续</translation>
    </message>
    <message>
        <source>L%1: %2</source>
        <translation>L%1：%2</translation>
    </message>
    <message>
        <source>Next L%1 at %2: %3</source>
        <translation>%2 升级到 L%1：%3</translation>
    </message>
    <message>
        <source>retrying</source>
        <translation>重试中</translation>
    </message>
    <message>
        <source>Safety</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Told %1: %2</source>
        <translation>已通知 %1：%2</translation>
    </message>
    <message>
        <source>%1 L%2: %3</source>
        <translation>%1 L%2：%3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>automatic at %1</source>
        <translation>由 %1 自动</translation>
    </message>
    <message>
        <source>Change reason…</source>
        <translation>更改原因…</translation>
    </message>
    <message>
        <source>Add reason…</source>
        <translation>添加原因…</translation>
    </message>
    <message>
        <source>Add note…</source>
        <translation>添加备注…</translation>
    </message>
    <message>
        <source>Line restarted</source>
        <translation>恢复生产</translation>
    </message>
    <message>
        <source>What was done so the line could restart?</source>
        <translation>采取了什么临时措施使产线恢复？</translation>
    </message>
    <message>
        <source>Root cause and countermeasure</source>
        <translation>根本原因与长期纠正措施</translation>
    </message>
    <message>
        <source>Root cause (man, machine, material, method)</source>
        <translation>根本原因（人、机、料、法）</translation>
    </message>
    <message>
        <source>Long-term countermeasure</source>
        <translation>长期纠正措施</translation>
    </message>
    <message>
        <source>Close this ticket?</source>
        <translation>确定结案？</translation>
    </message>
    <message>
        <source>Root cause: %1
Countermeasure: %2</source>
        <translation>根本原因：%1
长期纠正措施：%2</translation>
    </message>
    <message>
        <source>Reopen: the fix did not hold</source>
        <translation>重新打开：措施无效</translation>
    </message>
    <message>
        <source>What is still wrong?</source>
        <translation>还有什么问题？</translation>
    </message>
    <message>
        <source>Cancel this ticket</source>
        <translation>取消此异常单</translation>
    </message>
    <message>
        <source>Why is this not a real exception?</source>
        <translation>为什么这不是真正的异常？</translation>
    </message>
    <message>
        <source>Add a note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Please pick or type: %1</source>
        <translation>请选择或输入：%1</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Waiting for acknowledgement</source>
        <translation>等待响应</translation>
    </message>
    <message>
        <source>Acknowledged, help on the way</source>
        <translation>已响应，人员赶往现场</translation>
    </message>
    <message>
        <source>Being fixed</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Line running, root cause open</source>
        <translation>已恢复生产，待查根本原因</translation>
    </message>
    <message>
        <source>Resolved, awaiting closure</source>
        <translation>已解决，待结案</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Start work</source>
        <translation>开始处理</translation>
    </message>
    <message>
        <source>Line restarted…</source>
        <translation>恢复生产…</translation>
    </message>
    <message>
        <source>Root cause and countermeasure…</source>
        <translation>根本原因与长期纠正措施…</translation>
    </message>
    <message>
        <source>Verify fix</source>
        <translation>验证措施</translation>
    </message>
    <message>
        <source>Close ticket</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <source>Cancel ticket…</source>
        <translation>取消异常单…</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>已呼叫</translation>
    </message>
    <message>
        <source>Reason set</source>
        <translation>已选择原因</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已响应</translation>
    </message>
    <message>
        <source>Work started</source>
        <translation>开始处理</translation>
    </message>
    <message>
        <source>Line restarted</source>
        <translation>已恢复生产</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已验证</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>已重新打开</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Notified</source>
        <translation>已通知</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>作业员</translation>
    </message>
    <message>
        <source>Team leader</source>
        <translation>班组长</translation>
    </message>
    <message>
        <source>Responder</source>
        <translation>处理人员</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>红灯</translation>
    </message>
    <message>
        <source>Amber</source>
        <translation>黄灯</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>绿灯</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>蓝灯</translation>
    </message>
    <message>
        <source>White</source>
        <translation>白灯</translation>
    </message>
    <message>
        <source>off</source>
        <translation>灭</translation>
    </message>
    <message>
        <source>on</source>
        <translation>亮</translation>
    </message>
    <message>
        <source>blinking</source>
        <translation>闪烁</translation>
    </message>
    <message>
        <source>Buzzer off</source>
        <translation>蜂鸣器：关</translation>
    </message>
    <message>
        <source>Buzzer pulsing</source>
        <translation>蜂鸣器：间歇</translation>
    </message>
    <message>
        <source>Buzzer continuous</source>
        <translation>蜂鸣器：持续</translation>
    </message>
    <message>
        <source>team leader</source>
        <translation>班组长</translation>
    </message>
    <message>
        <source>owning department&apos;s contact</source>
        <translation>责任部门联系人</translation>
    </message>
    <message>
        <source>production supervisor</source>
        <translation>生产主管</translation>
    </message>
    <message>
        <source>engineering supervisor</source>
        <translation>工程主管</translation>
    </message>
    <message>
        <source>quality supervisor</source>
        <translation>品质主管</translation>
    </message>
    <message>
        <source>planning supervisor</source>
        <translation>计划主管</translation>
    </message>
    <message>
        <source>Call waiting for acknowledgement</source>
        <translation>呼叫等待响应</translation>
    </message>
    <message>
        <source>SAFETY · written report due %1</source>
        <translation>安全事件 · 书面报告截止 %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Day shift</source>
        <translation>白班</translation>
    </message>
    <message>
        <source>Night shift</source>
        <translation>夜班</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>STACK LIGHT NOT CONFIRMED: the tower on the line may not be showing this screen&apos;s state. Check its cable and power; call maintenance.</source>
        <translation>塔灯未应答：产线上的塔灯可能没有显示本屏幕的状态。请检查其线缆和电源，并通知设备维修。</translation>
    </message>
    <message>
        <source>Keep the file (it may hold tickets not yet sent): move it aside and restart.</source>
        <translation>保留该文件（其中可能有尚未上传的异常单）：将其移到别处后重启终端。</translation>
    </message>
    <message>
        <source>Let the kiosk&apos;s user write the file and its folder.</source>
        <translation>请给终端运行用户该文件及其文件夹的写权限。</translation>
    </message>
    <message>
        <source>Let the kiosk&apos;s user read and write the file and its folder.</source>
        <translation>请给终端运行用户该文件及其文件夹的读写权限。</translation>
    </message>
    <message>
        <source>Free space on the disk; the kiosk carries on by itself.</source>
        <translation>请清理磁盘空间；终端会自动恢复。</translation>
    </message>
    <message>
        <source>Point the station file&apos;s [store] path at a file.</source>
        <translation>请将站点配置文件中的 [store] path 指向一个文件。</translation>
    </message>
    <message>
        <source>Another program holds the file: is a second kiosk running?</source>
        <translation>另一个程序占用了该文件：是否运行了第二个终端？</translation>
    </message>
    <message>
        <source>Check the station file&apos;s [store] path.</source>
        <translation>请检查站点配置文件中的 [store] path。</translation>
    </message>
    <message>
        <source>See the kiosk&apos;s log.</source>
        <translation>请查看终端日志。</translation>
    </message>
    <message>
        <source>is not a kiosk store</source>
        <translation>不是终端存储文件</translation>
    </message>
    <message>
        <source>is damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>cannot be written (read-only)</source>
        <translation>无法写入（只读）</translation>
    </message>
    <message>
        <source>cannot be opened (no permission)</source>
        <translation>无法打开（无权限）</translation>
    </message>
    <message>
        <source>cannot be written: the disk is full</source>
        <translation>无法写入：磁盘已满</translation>
    </message>
    <message>
        <source>is a folder, not a file</source>
        <translation>是文件夹而不是文件</translation>
    </message>
    <message>
        <source>is locked by another program</source>
        <translation>被其他程序锁定</translation>
    </message>
    <message>
        <source>does not exist</source>
        <translation>不存在</translation>
    </message>
    <message>
        <source>cannot be used</source>
        <translation>无法使用</translation>
    </message>
    <message>
        <source>THIS KIOSK CANNOT RECORD STOPS: its storage is failing. Report stops by phone or radio and call maintenance. The tickets shown are the last ones saved.</source>
        <translation>本终端无法记录异常：存储故障。请用电话或对讲机报告停线并通知维修。下方显示的是最后保存的异常单。</translation>
    </message>
    <message>
        <source>THIS KIOSK CANNOT RECORD OR SHOW STOPS: its storage cannot be read. Look at the line, report stops by phone or radio and call maintenance.</source>
        <translation>本终端无法记录或显示异常：存储无法读取。请到现场查看，用电话或对讲机报告停线并通知维修。</translation>
    </message>
    <message>
        <source>The store %1 %2 (%3). What to do: %4</source>
        <translation>存储文件 %1 %2（%3）。处理方法：%4</translation>
    </message>
    <message>
        <source>Reason not changed: this stop&apos;s %1 min of downtime are recorded, and that reason is not a line stop. Keep a stop reason; taking recorded downtime back needs a team leader&apos;s written decision.</source>
        <translation>原因未更改：此次停线已记录 %1 分钟停线时间，而该原因不属于停线。请保留停线类原因；撤销已记录的停线时间需要班组长的书面决定。</translation>
    </message>
    <message>
        <source>Not allowed for %1. Sign in as someone who may do this.</source>
        <translation>%1无权执行此操作。请由有权限的人员登录。</translation>
    </message>
    <message>
        <source>The ticket changed meanwhile; that step no longer applies.</source>
        <translation>异常单状态已变化，此操作不再适用。</translation>
    </message>
    <message>
        <source>That ticket could not be found.</source>
        <translation>找不到该异常单。</translation>
    </message>
    <message>
        <source>Not saved: the text cannot be stored (%1). Change it and try again.</source>
        <translation>未保存：该文字无法存储（%1）。请修改后重试。</translation>
    </message>
    <message>
        <source>Line %1 is not looked after from this station.</source>
        <translation>本工位不负责产线 %1。</translation>
    </message>
    <message>
        <source>NOT RECORDED: the kiosk&apos;s storage is failing. Report it by phone or radio and call maintenance.</source>
        <translation>未记录：终端存储故障。请用电话或对讲机报告并通知维修。</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>出现错误：%1</translation>
    </message>
    <message>
        <source>Wrong PIN. Attempts left before lock-out: %1</source>
        <translation>密码错误。剩余尝试次数：%1</translation>
    </message>
    <message>
        <source>Locked after too many wrong PINs. Try again after %1.</source>
        <translation>密码错误次数过多，已锁定。请在 %1 之后再试。</translation>
    </message>
    <message>
        <source>Unknown employee number or badge.</source>
        <translation>工号或工牌无效。</translation>
    </message>
</context>
<context>
    <name>report</name>
    <message>
        <source>Line</source>
        <translation>产线</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>工位</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Shift complete</source>
        <translation>班次已结束</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Takt (s)</source>
        <translation>节拍（秒）</translation>
    </message>
    <message>
        <source>Loading time (min)</source>
        <translation>负荷时间（分钟）</translation>
    </message>
    <message>
        <source>Plan (pcs)</source>
        <translation>计划（件）</translation>
    </message>
    <message>
        <source>Actual, good (pcs)</source>
        <translation>实际良品（件）</translation>
    </message>
    <message>
        <source>Scrap (pcs)</source>
        <translation>不良（件）</translation>
    </message>
    <message>
        <source>Gap (pcs, − = behind)</source>
        <translation>差异（件，负数为落后）</translation>
    </message>
    <message>
        <source>Gap (min, − = behind)</source>
        <translation>差异（分钟，负数为落后）</translation>
    </message>
    <message>
        <source>Downtime (min)</source>
        <translation>停线时间（分钟）</translation>
    </message>
    <message>
        <source>Availability (%)</source>
        <translation>时间稼动率（%）</translation>
    </message>
    <message>
        <source>Performance (%)</source>
        <translation>性能稼动率（%）</translation>
    </message>
    <message>
        <source>Quality (%)</source>
        <translation>良品率（%）</translation>
    </message>
    <message>
        <source>OEE (%)</source>
        <translation>设备综合效率 OEE（%）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no, still running</source>
        <translation>否，仍在进行</translation>
    </message>
    <message>
        <source>Containment</source>
        <translation>临时措施</translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation>根本原因</translation>
    </message>
    <message>
        <source>Countermeasure</source>
        <translation>长期纠正措施</translation>
    </message>
    <message>
        <source>still down</source>
        <translation>仍在停线</translation>
    </message>
    <message>
        <source>Shift report %1</source>
        <translation>班次报表 %1</translation>
    </message>
    <message>
        <source>Plan against actual</source>
        <translation>计划与实际</translation>
    </message>
    <message>
        <source>Hour by hour</source>
        <translation>逐时看板</translation>
    </message>
    <message>
        <source>Gap (− = behind)</source>
        <translation>差异（负数为落后）</translation>
    </message>
    <message>
        <source>Losses</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Stops</source>
        <translation>停线记录</translation>
    </message>
    <message>
        <source>What, and what was done</source>
        <translation>停线内容与处理</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实际</translation>
    </message>
    <message>
        <source>Biggest loss</source>
        <translation>最大损失</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>Break, planned stop</source>
        <translation>休息、计划停机</translation>
    </message>
</context>
</TS>
