// Payloads of the codec benchmarks and the echo service of the load tool. Compiled twice: by Tern
// into dev.tern.benchmarks.gen and by Apache Thrift's compiler into dev.tern.benchmarks.libthrift
// (the build rewrites the namespace for it), so both sides encode the same schema.
namespace java dev.tern.benchmarks.gen

enum Status {
  ACTIVE = 1,
  SUSPENDED = 2,
  CLOSED = 3,
}

/** A few primitives: 39 bytes in binary. */
struct Small {
  1: i32 id,
  2: i64 timestamp,
  3: bool active,
  4: double score,
  5: i16 flags,
}

struct Address {
  1: string street,
  2: string city,
  3: string zip,
  4: i32 number,
}

/** Strings, a list, a map and nested structs: 1.1 KB in binary. */
struct Medium {
  1: i64 id,
  2: string name,
  3: string description,
  4: list<i64> samples,
  5: map<string, string> attributes,
  6: Address address,
  7: Small summary,
  8: Status status,
}

struct Item {
  1: i64 sku,
  2: string title,
  3: double price,
  4: i32 quantity,
  5: list<string> tags,
}

/** Lists of structs: 64 KB in binary. */
struct Large {
  1: i64 id,
  2: list<Item> items,
  3: list<Medium> records,
}

/** What the echo load tool calls: the reply is the request's payload. */
service Echo {
  binary echo(1: binary payload),
}
