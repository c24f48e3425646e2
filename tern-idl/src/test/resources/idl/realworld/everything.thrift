/**
 * Every base type, container nesting, sparse and large field ids, and services that
 * extend each other; the shapes a protocol test suite needs.
 */
namespace java dev.tern.example.everything
namespace * everything
namespace java.swift legacy.swift
namespace py.twisted everything.twisted
namespace smalltalk.category Tern-Examples
php_namespace EverythingPhp
xsd_namespace "http://example.org/everything"
cpp_include "<unordered_map>"

struct Empty {}

struct AllTypes {
  1: bool flag = true,
  2: byte old_byte = 0x7f,
  3: i8 small = -1,
  4: i16 short_num = 0x7fff,
  5: i32 num,
  6: i64 big = 10000000000,
  7: double real = 1.5,
  8: string text = "hello",
  9: binary blob,
  10: uuid id,
  11: slist legacy_string,
  12: list<i8> bytes = [1, 2, 3],
  13: set<i16> shorts,
  14: map<i64, double> table,
  15: list<uuid> ids,
}

struct Containers {
  1: list<list<list<i32>>> cube
  2: set<list<string> (python.immutable = "")> phrases
  3: map<string, list<AllTypes>> groups
  4: map<list<i8>, set<i8>> odd_keys
  5: map<map<i8, i8>, i8> map_keys
  6: list<Empty> empties
}

struct Backwards {
  2: i32 second,
  1: i32 first,
}

struct Sparse {
  1: i64 one
  500: i64 five_hundred
  20000: i64 twenty_thousand
  32767: i64 last
}

union Choice {
  1: i32 number
  2: string word
  3: Empty nothing
}

exception Failure {
  1: string message
  2: i32 code = 500
}

exception Other {}

service Base {
  void ping()
  oneway void fire(1: i32 n)
  async void legacy_fire()
}

service Middle extends Base {
  AllTypes echo(1: AllTypes value)
  Choice pick(1: list<Choice> choices) throws (1: Failure f, 2: Other o)
}

service Top extends Middle {
  Containers nest(1: Containers c, 2: optional i32 ignored_optional)
  i32 count(i32 implicit_id, string also_implicit)
}
