// A small calculator service in the style of Thrift's tutorial, linked against an include.
include "base.thrift"

namespace java dev.tern.example.calc
namespace py calc

typedef i32 Number
typedef Number Operand

enum Op {
  ADD = 1,
  SUBTRACT = 2,
  MULTIPLY = 3,
  DIVIDE = 4
}

const Operand ZERO = 0
const base.Level CALC_LEVEL = base.Level.HIGH
const i32 KEY_ALIAS = base.DEFAULT_KEY
const map<string, string> NAMES = { "add": "plus", 'subtract': 'minus' }

struct Work {
  1: Operand left = 0,
  2: Operand right,
  3: Op op,
  4: optional string comment,
  5: base.Level level = base.DEFAULT_LEVEL
}

exception BadOperation {
  1: i32 what,
  2: string why
}

service Calculator extends base.Store {
  void ping(),
  Number add(1: Number a, 2: Number b),
  Number calculate(1: i32 logid, 2: Work w) throws (1: BadOperation ouch, 2: base.NotFound gone),
  oneway void zip()
}
