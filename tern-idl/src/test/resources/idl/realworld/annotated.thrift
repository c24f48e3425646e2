// Annotations wherever the grammar takes them.
namespace java dev.tern.example.annotated (package.prefix = "x")

typedef list<i32> (cpp.template = "std::list") LinkedInts
typedef string (unicode.encoding = "UTF-16") WideString (origin = "legacy")
typedef list<double (cpp.fixed_point = "16")> SmallFloats
typedef map cpp_type "std::unordered_map<int, int>" <i32, i32> HashMap

struct Record {
  1: i32 id (presence = "required");
  2: i32 count (presence = "manual", cpp.use_pointer = "",);
  3: i32 plain;
} (
  cpp.type = "DenseRecord",
  java.final = "",
  flag.without.value,
)

exception RecordError {
  1: i32 code (kind = "numeric")
  2: string text
} (severity = "high")

enum Day {
  SUNDAY (weekend = "yes"),
  MONDAY,
  SATURDAY (weekend = "yes")
} (display.name = "day of week")

service Annotated {
  void run() (idempotent = "true")
  void legacy() (deprecated = "use 'run' or \"walk\" instead")
  void wide() (deprecated = "text with tabs (\t) and ünïcödé")
  void flagged() (deprecated)
  i32 risky(1: i32 x (range = "0..10")) throws (1: RecordError e (retry = "no"))
} (service.version = "2")
