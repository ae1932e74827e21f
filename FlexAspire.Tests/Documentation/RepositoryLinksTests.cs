using System.Text.RegularExpressions;

namespace FlexAspire.Tests.Documentation;

/// A person who clones the repository has nothing beside it: every link in the README and docs must resolve inside the
/// repository (or point at the local stack), and no code comment may cite a document the repository does not hold.
public sealed partial class RepositoryLinksTests
{
    private static readonly string Root = RepositoryRoot.Path;

    public static TheoryData<string> MarkdownFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in DocumentationFiles()) data.Add(RepositoryRoot.Relative(file));
        return data;
    }

    [Fact]
    public void The_documentation_set_includes_the_readme_and_the_design()
    {
        var files = DocumentationFiles().Select(RepositoryRoot.Relative).ToList();
        files.ShouldContain("README.md");
        files.ShouldContain("docs/design.md");
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Every_link_in_the_document_resolves_inside_the_repository(string relativePath)
    {
        var file = System.IO.Path.Combine(Root, relativePath);
        var problems = new List<string>();
        foreach (var target in LinkTargets(File.ReadAllText(file)))
        {
            if (ProblemWith(file, target) is { } problem) problems.Add($"{target}: {problem}");
        }
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void No_file_in_the_repository_cites_a_design_document_outside_it()
    {
        var offenders = SourceFiles()
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => x.line.Contains("../shared", StringComparison.Ordinal) || ExternalCitation().IsMatch(x.line))
            .Select(x => $"{RepositoryRoot.Relative(x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();
        offenders.ShouldBeEmpty();
    }

    private static string? ProblemWith(string file, string target)
    {
        if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is not "file")
        {
            return uri.Host is "localhost" or "127.0.0.1" ? null : "points outside the repository";
        }
        var (path, anchor) = SplitAnchor(target);
        var resolved = path.Length == 0 ? file : System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file)!, Uri.UnescapeDataString(path)));
        if (!resolved.StartsWith(Root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) && resolved != Root)
        {
            return "leaves the repository";
        }
        if (!File.Exists(resolved) && !Directory.Exists(resolved)) return "no such file";
        if (anchor.Length > 0 && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(resolved).Contains(anchor))
        {
            return $"no heading #{anchor} in {System.IO.Path.GetFileName(resolved)}";
        }
        return null;
    }

    private static IEnumerable<string> LinkTargets(string markdown)
    {
        var withoutCode = FencedCode().Replace(markdown, "");
        foreach (Match m in InlineLink().Matches(withoutCode)) yield return m.Groups["target"].Value;
        foreach (Match m in AutoLink().Matches(withoutCode)) yield return m.Groups["target"].Value;
    }

    private static (string Path, string Anchor) SplitAnchor(string target)
    {
        var hash = target.IndexOf('#');
        return hash < 0 ? (target, "") : (target[..hash], target[(hash + 1)..]);
    }

    // GitHub's heading slugs: lower case, punctuation dropped, spaces to hyphens.
    private static HashSet<string> Anchors(string markdownFile) => File.ReadLines(markdownFile)
        .Where(line => line.StartsWith('#'))
        .Select(line => SlugDrop().Replace(line.TrimStart('#').Trim().ToLowerInvariant(), "").Replace(' ', '-'))
        .ToHashSet();

    private static IEnumerable<string> DocumentationFiles() =>
        new[] { System.IO.Path.Combine(Root, "README.md") }
            .Concat(RepositoryRoot.Files("*.md"))
            .Distinct();

    private static IEnumerable<string> SourceFiles() =>
        RepositoryRoot.Files()
            .Where(f => System.IO.Path.GetExtension(f) is ".cs" or ".md" or ".js" or ".mjs" or ".ts" or ".vue" or ".json" or ".props" or ".csproj" or ".http" or ".yml")
            .Where(f => !f.EndsWith(nameof(RepositoryLinksTests) + ".cs", StringComparison.Ordinal));

    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"<(?<target>https?://[^>\s]+)>")]
    private static partial Regex AutoLink();

    [GeneratedRegex(@"DESIGN\s*§|DESIGN\.md|PLATFORM\.md|STYLE\.md")]
    private static partial Regex ExternalCitation();

    [GeneratedRegex(@"[^\p{L}\p{N}\s_-]")]
    private static partial Regex SlugDrop();
}
