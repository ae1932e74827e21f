namespace FlexAspire.Tests.Foundation;

/// Hand-written source files stay small enough to read in one sitting: a file that grows past the bound is split along
/// its seams (docs/testing.md). Generated code (EF migrations, the SPA's generated API and contract types) is exempt.
public sealed class SourceFileSizeTests
{
    private const int MaxLines = 250;

    private static readonly string[] Generated = ["/Migrations/", "spa/src/api/schema.d.ts", "spa/src/contracts/generated.ts"];

    [Fact]
    public void No_hand_written_source_file_is_over_250_lines()
    {
        var sources = RepositoryRoot.Files()
            .Where(f => System.IO.Path.GetExtension(f) is ".cs" or ".ts" or ".vue" or ".js" or ".mjs" or ".sh")
            .Select(f => (File: f, Relative: RepositoryRoot.Relative(f)))
            .Where(f => !Generated.Any(g => f.Relative.Contains(g, StringComparison.Ordinal)))
            .ToList();
        sources.Count.ShouldBeGreaterThan(400); // the enumeration found the repository's code, not an empty folder

        var tooLong = sources
            .Select(f => (f.Relative, Lines: File.ReadLines(f.File).Count()))
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{f.Relative}: {f.Lines} lines")
            .ToList();
        tooLong.ShouldBeEmpty();
    }
}
