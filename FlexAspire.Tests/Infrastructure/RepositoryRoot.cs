namespace FlexAspire.Tests.Infrastructure;

/// The repository's root directory (the one holding FlexAspire.sln), found from the test assembly's location.
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "FlexAspire.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No FlexAspire.sln above {AppContext.BaseDirectory}.");
    }
}
