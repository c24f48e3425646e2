// Names that collide with java.lang, java.util and generated nested types.
namespace java tricky

struct String { 1: string value }
struct Builder { 1: string name, 2: String wrapped }
struct List { 1: list<String> items, 2: Builder builder }
struct Override { 1: i32 x }
union Field { 1: String s, 2: Builder b, 3: List l }
exception Exception { 1: string message, 2: Override cause }
struct Objects { 1: map<string, Field> fields }
service Client {
  List client(1: Builder builder, 2: Field field) throws (1: Exception e),
  void Iface(),
}
