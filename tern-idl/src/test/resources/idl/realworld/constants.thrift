# Constants of every shape, checked against their declared types.
namespace java dev.tern.example.constants

typedef uuid Id
typedef i32 Count

enum Color { RED = 1, GREEN = 2, BLUE = 4 }

struct Point {
  1: i32 x
  2: i32 y
  3: optional Color color
  4: Id id
}

const Count COUNT = 3
const i8 SMALL = -128
const i16 MEDIUM = 0x7fff
const i32 HEX = 0x1F
const i32 NEGATIVE_HEX = -0x1F
const i32 LEADING_ZERO = 0098
const i64 LARGE = 10000000000
const i64 MOST = 9223372036854775807
const double PI = 3.14159
const double AVOGADRO = 6.022e23
const double TINY = -1E-9
const double HALF = .5
const double WHOLE = 42
const bool YES = true
const bool NO = 0
const string SINGLE = 'it\'s'
const string DOUBLE_QUOTED = "line\nbreak\ttab \"quoted\" back\\slash"
const binary BYTES = "raw"
const Id UUID_PLAIN = '00000000-4444-cccc-FFFF-0123456789ab'
const Id UUID_BRACED = "{00112233-4455-6677-8899-aabbccddeeff}"
const Color FAVOURITE = Color.BLUE
const Color BY_NUMBER = 2
const i32 COLOR_AS_INT = Color.GREEN
const Count ALIAS = COUNT
const list<i32> PRIMES = [2, 3, 5, 7; 11]
const set<string> WORDS = ['a', "b"]
const set<Color> WARM = [Color.RED]
const map<Color, string> COLOR_NAMES = {Color.RED: "red", Color.GREEN: "green"}
const map<i32, map<i32, list<i32>>> NESTED = {1: {2: [3, 4]}, 5: {}}
const list<Point> POINTS = [{"x": 1, "y": 2}, {'x': -1, 'y': -2, 'color': Color.RED}]
const Point ORIGIN = {"x": 0, "y": 0, "id": UUID_PLAIN}
const map<string, Point> NAMED_POINTS = {"origin": ORIGIN}
const list<i32> EMPTY_LIST = []
const map<string, i32> EMPTY_MAP = {}
