# docs: adds a `docs` target that collects a project's Markdown files.
{ lib, ... }:
{
  config.targets.docs = {
    kind = "other";
    command = ''
      mkdir -p "$out"
      find . -name '*.md' -exec cp {} "$out/" \;
    '';
  };
}
