// Requiredness, implicit field ids and list separators.
struct Person {
  1: required string name;
  2: optional i32 age;
  3: string nickname;
  required bool alive
  optional string motto,
  string note
  10: optional list<string> tags = ["a", "b"]
}

struct Mixed {
  i32 first,
  5: i32 fifth,
  i32 second
}

service People {
  // 'optional' means nothing for arguments: Apache treats them as default requiredness.
  Person find(1: required string name, 2: optional i32 age, 3: i32 limit = 10)
}
