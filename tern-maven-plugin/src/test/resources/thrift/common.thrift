namespace java example.common

exception Overflow {
  1: string message,
}
