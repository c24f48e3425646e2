struct Ping { 1: string text }

service Bad {
  Ping twoArgs(1: Ping a, 2: Ping b) (streaming.mode = "bidirectional"),
}
