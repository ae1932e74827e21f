using System.Runtime.CompilerServices;

namespace FlexAspire.Tests.Contracts;

/// Sample wire documents under Contracts/Samples, shared with other tests (integration tests post the social-post
/// and variants envelopes). Read from the test output when the project copies them there, else from the source tree.
public static class SampleDocuments
{
    public const string SocialPostEnvelope = "envelope-social-post.json";
    public const string VariantsEnvelope = "envelope-variants.json";
    public const string FreeformEnvelope = "envelope-freeform.json";

    public static string Read(string fileName) => File.ReadAllText(Path.Combine(Directory(), fileName));

    public static JsonNode Parse(string fileName) => JsonNode.Parse(Read(fileName))!;

    private static string Directory([CallerFilePath] string sourceFile = "")
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Contracts", "Samples");
        return System.IO.Directory.Exists(copied) ? copied : Path.Combine(Path.GetDirectoryName(sourceFile)!, "Samples");
    }
}
