namespace FlexAspire.Tests.Spa;

/// The SPA's API client is generated from spa/openapi/flex-api.json (openapi-typescript): that file must be the API's
/// current OpenAPI document, or the client's types drift from the routes.
[Collection(StackCollection.Name)]
public sealed class SpaApiDocumentTests(FlexStackFixture stack)
{
    private static readonly string DocumentPath = Path.Combine(RepositoryRoot.Path, "spa", "openapi", "flex-api.json");

    [Fact]
    public async Task The_SPAs_committed_OpenAPI_document_is_the_one_the_API_serves()
    {
        using var api = stack.CreateAnonymousClient(ResourceNames.Api);
        var served = JsonNode.Parse(await api.GetStringAsync("/openapi/v1.json"))!.AsObject();
        served.Remove("servers"); // the address of whichever API answered
        // FLEX_WRITE_SPA_OPENAPI=1 refreshes the file (then run `npm run api-client -- --offline` in spa/).
        if (Environment.GetEnvironmentVariable("FLEX_WRITE_SPA_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(DocumentPath, served.ToJsonString(new() { WriteIndented = true }) + "\n");
        }

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(DocumentPath))!;
        JsonNode.DeepEquals(served, committed).ShouldBeTrue(
            "spa/openapi/flex-api.json is not the API's document: run `FLEX_API_URL=<api> npm run api-client` in spa/");
    }
}
