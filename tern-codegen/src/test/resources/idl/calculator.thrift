namespace java example.calc

exception DivideByZero {
  1: string message,
}

service Calculator {
  i64 add(1: i64 a, 2: i64 b),
  i64 divide(1: i64 a, 2: i64 b) throws (1: DivideByZero error),
  oneway void log(1: string line),
}
