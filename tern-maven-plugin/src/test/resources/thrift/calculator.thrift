namespace java example.calc
include "common.thrift"

service Calculator {
  i64 add(1: i64 a, 2: i64 b) throws (1: common.Overflow overflow),
}
