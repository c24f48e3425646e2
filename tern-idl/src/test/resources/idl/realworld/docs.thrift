/** A file-level comment before the first header is not a definition's doc. */
namespace java dev.tern.example.docs

/** Single line doc. */
typedef i32 Documented

/**
 * Multi-line doc
 * with a second line.
 *
 *   Indented text keeps its relative indent.
 */
struct Shape {
  /** the width */
  1: i32 width
  // a plain comment does not replace the doc written before it
  /// the height,
  /// in two lines
  2: i32 height
  # no doc here
  3: i32 depth
  /* an ordinary block comment is not a doc */
  4: i32 weight
}

/// A service documented with triple slashes.
service Shapes {
  /** Draws it. */
  void draw(/** the shape */ 1: Shape shape)
  /** Fire and forget. */
  oneway void forget()
}

enum Axis {
  /** horizontal */
  X,
  /** vertical */
  Y
}

/**/
const i32 NOT_DOCUMENTED = 1

/*****************/
const i32 ALSO_NOT_DOCUMENTED = 2
