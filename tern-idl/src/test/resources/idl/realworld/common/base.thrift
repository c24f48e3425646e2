# Shared definitions for calculator.thrift, found through the include path.
namespace java dev.tern.example.base
namespace go example.base

/** A key/value pair the base service stores. */
struct Entry {
  1: i32 key
  2: string value
}

enum Level { LOW, MEDIUM = 5, HIGH }

const i32 DEFAULT_KEY = 7
const Level DEFAULT_LEVEL = Level.MEDIUM

exception NotFound {
  1: i32 key
}

/** Every calculator is also a store. */
service Store {
  Entry fetch(1: i32 key) throws (1: NotFound missing)
  oneway void touch(1: i32 key)
}
