struct Clash {
  1: optional i32 count,
  2: bool hasCount,
}
