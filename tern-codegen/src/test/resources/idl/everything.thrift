/*
 * Every construct the Java generator supports, for the codegen tests.
 */
namespace java dev.tern.gen.test
namespace go everything

include "inc/shared.thrift"

typedef i64 UserId
typedef list<string> Names
typedef shared.SharedStruct Shared
typedef map<string, list<Color>> Palette

/** Colours, with explicit and implicit values. */
enum Color {
  RED = 1,
  /** Implicitly 2. */
  GREEN,
  BLUE = 10,
  value = 11,
}

const i8 TINY = -8
const i16 SMALL = 300
const i32 ANSWER = 42
const i64 BIG = 9223372036854775807
const double PI = 3.14159
const double WHOLE = 2
const bool YES = true
const string GREETING = "hello \"world\"\n\ttab \\ back"
const Color DEFAULT_COLOR = Color.GREEN
const list<string> WORDS = ["a", "b", "c"]
const set<i32> PRIMES = [2, 3, 5, 7, 7]
const map<string, i32> COUNTS = {"one": 1, "two": 2}
const map<Color, list<i64>> BY_COLOR = {Color.RED: [1, 2], Color.BLUE: []}
const Point ORIGIN = {"x": 0, "y": 0}
const Point UNIT = {"x": 1, "y": ANSWER}
const uuid NIL_ID = "00000000-0000-0000-0000-000000000000"
const UserId ROOT_USER = 1

struct Point {
  1: i32 x,
  2: i32 y,
}

/** One field of every base type, with defaults for some. */
struct AllTypes {
  1: bool aBool = true,
  2: byte aByte = 7,
  3: i16 anI16 = -300,
  4: i32 anI32,
  5: i64 anI64 = BIG,
  6: double aDouble = 1.5,
  7: string aString = "dflt",
  8: binary aBinary,
  9: uuid aUuid,
  10: Color aColor = Color.BLUE,
  11: Point aPoint,
  12: i8 anI8,
  13: UserId user = 99,
}

struct Requiredness {
  1: required string name,
  2: required i32 id,
  3: optional i32 count,
  4: optional string note,
  5: i64 plain,
  6: optional list<string> tags,
  7: optional i32 withDefault = 5,
  8: required Color color = Color.RED,
  9: optional Color maybeColor,
}

struct Containers {
  1: list<list<i32>> matrix,
  2: Palette palette,
  3: set<i64> ids,
  4: map<Color, Point> points,
  5: list<binary> blobs,
  6: map<i32, map<string, double>> nested,
  7: Names names = ["x", "y"],
  8: set<Color> colors,
  9: list<Shared> shared,
  10: map<shared.Level, string> levels,
  11: list<uuid> uuids,
  12: map<string, binary> attachments,
}

/** Recursive through a container. */
struct Tree {
  1: string label,
  2: list<Tree> children,
}

/** Java keywords and generated member names as field names. */
struct Keywords {
  1: string class,
  2: i32 default,
  3: string type,
  4: string in,
  5: string out,
  6: string builder,
  7: string other,
  8: string hashCode,
  9: string result,
  10: string header,
}

struct Empty {}

union Shape {
  1: Point point,
  2: double radius,
  3: list<Point> polygon,
  4: binary blob,
  5: Color color,
  6: list<binary> chunks,
}

exception NotFound {
  1: string message,
  2: i32 code,
}

exception Invalid {
  1: i32 code,
  2: optional string detail,
  3: Point where,
}

service Base extends shared.SharedService {
  void ping(),
  string echo(1: string text),
}

/** The calculator. */
service Calculator extends Base {
  i64 add(1: i64 a, 2: i64 b) (api.get = "/add"),
  double divide(1: double a, 2: double b) throws (1: Invalid invalid),
  oneway void log(1: string line),
  void reset() throws (1: NotFound notFound),
  Point find(1: UserId id, 2: optional string hint) throws (1: NotFound notFound, 2: Invalid invalid),
  list<Shape> shapes(1: map<string, Shape> byName, 2: set<Color> colors),
  Tree tree(1: required Tree input),
  binary bytes(1: binary data),
  AllTypes everything(1: AllTypes value),
  Color color(1: Color c),
  string class(1: i32 result, 2: string caller),
}
