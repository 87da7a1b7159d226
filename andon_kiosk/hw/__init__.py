"""Serial transports, device protocols (stack lights, counters, badge readers), simulators."""
