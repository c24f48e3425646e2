package dev.tern.codegen;

import dev.tern.idl.Ast;
import java.io.IOException;
import java.util.stream.Collectors;

/** A generator plugin found through ServiceLoader: lists the definitions of each target file. */
public final class ListingPlugin implements GeneratorPlugin {

  @Override
  public String name() {
    return "listing";
  }

  @Override
  public void generate(Ast.Program program, GenOptions options, OutputSink out) throws IOException {
    String suffix = options.option("listing.suffix", "");
    for (Ast.Document doc : options.targets(program)) {
      String names = doc.definitions().stream().map(d -> d.name() + suffix).collect(Collectors.joining("\n"));
      out.write(doc.prefix() + ".txt", names + "\n");
    }
  }
}
