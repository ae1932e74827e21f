namespace FlexAspire.Tests.Infrastructure;

/// The checkout's root (the folder holding FlexAspire.sln) and the files that belong to the repository in it.
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// Every file below the root that the repository owns: not installed packages, build output, local data, test
    /// results or the SPA's build.
    public static IEnumerable<string> Files(string pattern = "*") =>
        Directory.EnumerateFiles(Path, pattern, SearchOption.AllDirectories).Where(IsRepositoryFile);

    /// The path relative to the root, with forward slashes.
    public static string Relative(string path) => System.IO.Path.GetRelativePath(Path, path).Replace('\\', '/');

    private static bool IsRepositoryFile(string path)
    {
        var relative = Relative(path);
        string[] ignored = ["node_modules/", "bin/", "obj/", ".git/", ".data/", "TestResults/", "dist/"];
        return !ignored.Any(segment => relative.StartsWith(segment, StringComparison.Ordinal) || relative.Contains("/" + segment, StringComparison.Ordinal));
    }

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "FlexAspire.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No FlexAspire.sln above {AppContext.BaseDirectory}.");
    }
}
