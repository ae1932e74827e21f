namespace FlexAspire.Tests.Spa;

/// The SPA's generated code is what the API generates today: its API client comes from spa/openapi/flex-api.json
/// (openapi-typescript), which must be the API's current OpenAPI document, and its contract types
/// (spa/src/contracts/generated.ts) from the API's published contract schemas — or the SPA's types drift from the API.
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

    [Fact]
    public async Task The_SPAs_committed_contract_types_are_the_ones_the_generator_makes_from_the_APIs_schemas()
    {
        var spa = Path.Combine(RepositoryRoot.Path, "spa");
        var committed = Path.Combine(spa, "src", "contracts", "generated.ts");
        var generated = Path.Combine(Path.GetTempPath(), $"flex-contracts-{Guid.NewGuid():N}.ts");
        using var api = stack.CreateAnonymousClient(ResourceNames.Api);
        try
        {
            var (exitCode, output) = await NodeScript.RunAsync(spa, ["scripts/generate-contract-types.mjs"], new Dictionary<string, string>
            {
                ["FLEX_API_URL"] = api.BaseAddress!.ToString(),
                ["FLEX_API_KEY"] = FlexStackFixture.ApiKey,
                ["CONTRACTS_OUT"] = generated,
            }, TimeSpan.FromMinutes(1));
            exitCode.ShouldBe(0, output);
            // FLEX_WRITE_SPA_CONTRACTS=1 refreshes the committed file from the API this test runs.
            if (Environment.GetEnvironmentVariable("FLEX_WRITE_SPA_CONTRACTS") == "1") File.Copy(generated, committed, overwrite: true);

            (await File.ReadAllTextAsync(generated)).ShouldBe(await File.ReadAllTextAsync(committed),
                "spa/src/contracts/generated.ts is not what the generator makes from the API's schemas: run `npm run contracts` in spa/ against the API");
        }
        finally
        {
            File.Delete(generated);
        }
    }
}
