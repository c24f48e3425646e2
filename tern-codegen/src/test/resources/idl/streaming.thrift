namespace java streaming
namespace go kitex.example.echo

struct Ping { 1: string text }
struct Pong { 1: string text, 2: i32 seen }

service Echo {
  Pong unaryEcho(1: Ping ping),
  Pong bidi(1: Ping ping) (streaming.mode = "bidirectional"),
  Pong upload(1: Ping ping) (streaming.mode = "client"),
  Pong download(1: Ping ping) (streaming.mode = "server"),
  Pong overGrpc(1: Ping ping) (streaming.mode = "unary"),
}
