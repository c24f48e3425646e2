// Included by everything.thrift: its types are used across files and packages.
namespace java dev.tern.gen.shared

typedef i32 Key

enum Level {
  LOW,
  HIGH = 5,
}

struct SharedStruct {
  1: required Key key,
  2: string value,
}

const Key FIRST_KEY = 1

service SharedService {
  /** Looks a struct up by key. */
  SharedStruct getStruct(1: Key key),
}
