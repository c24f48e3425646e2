# Self and mutual recursion through fields and containers; typedefs of structs are allowed.
struct TreeNode {
  1: list<TreeNode> children
  2: i32 value
}

typedef TreeNode Tree

struct Forest {
  1: list<Tree> trees
}

struct Ping {
  1: optional Pong pong
}

struct Pong {
  1: optional Ping ping
  2: map<string, Ping> pings
}

service Gardener {
  Tree grow(1: Tree seed)
}
