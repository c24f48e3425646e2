// The service `./tern demo` serves and calls: one method per kind of call.
namespace java dev.tern.cli.demo.gen

enum Tier {
  FREE = 1,
  PRO = 2,
}

struct Account {
  1: required string id,
  2: required string owner,
  3: i64 balance = 0,
  4: Tier tier = Tier.FREE,
  5: optional list<string> tags,
}

/** One trade on an account, sent on the trading stream. */
struct Trade {
  1: string accountId,
  2: i64 amount,
}

/** The account after each trade. */
struct Statement {
  1: string accountId,
  2: i64 balance,
  3: i32 trades,
}

exception InsufficientFunds {
  1: string message,
  2: i64 shortBy,
}

service Bank {
  /** Plain request/response. */
  Account open(1: string owner, 2: i64 deposit, 3: Tier tier),

  /** Declared exception: thrown by the handler, rethrown as the same type by the client. */
  i64 withdraw(1: string accountId, 2: i64 amount) throws (1: InsufficientFunds insufficient),

  /** Fire and forget. */
  oneway void audit(1: string event),

  /** Echoes metainfo the caller sent and answers with backward metainfo. */
  string whoami(),

  /** Sleeps; used to show deadlines. */
  void sleep(1: i32 millis),

  /** Answers with a business status error instead of a result. */
  Account frozen(1: string accountId),

  /** Thrift over gRPC (Kitex's streaming.mode): trades stream in, a statement answers each one. */
  Statement trade(1: Trade trade) (streaming.mode = "bidirectional"),

  /** Server streaming: one statement per trade so far on an account. */
  Statement history(1: Account account) (streaming.mode = "server"),
}
