namespace FlexAspire.Tests.Runs;

[Collection(StackCollection.Name)]
public sealed class RunListTests(FlexStackFixture stack)
{
    [Fact]
    public async Task Paging_with_the_cursor_lists_every_run_once_newest_first()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var mine = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await api.StartRunAsync(FlexApiClient.Sample("envelope-social-post.json"));
            mine.Add((await SseFrames.ReadUntilCompleteAsync(response))[^1].Data["runId"]!.GetValue<string>());
        }

        var seen = new List<(string Id, DateTimeOffset CreatedAt)>();
        string? cursor = null;
        do
        {
            var page = JsonNode.Parse(await api.GetStringAsync($"/api/v1/flex/runs?status=completed&limit=2{(cursor is null ? "" : $"&cursor={cursor}")}"))!;
            var items = page["items"]!.AsArray();
            items.Count.ShouldBeLessThanOrEqualTo(2);
            items.ShouldAllBe(r => r!["status"]!.GetValue<string>() == "completed");
            seen.AddRange(items.Select(r => (r!["runId"]!.GetValue<string>(), r["createdAt"]!.GetValue<DateTimeOffset>())));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        seen.Select(r => r.Id).ShouldBeUnique();
        seen.Select(r => r.CreatedAt).ShouldBeInOrder(SortDirection.Descending);
        seen.Select(r => r.Id).ShouldContain(id => mine.Contains(id));
        mine.ShouldAllBe(id => seen.Any(r => r.Id == id));
    }

    [Theory]
    [InlineData("?status=done", "status")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    public async Task Bad_list_parameters_are_a_400_naming_the_parameter(string query, string field)
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        using var response = await api.GetAsync($"/api/v1/flex/runs{query}");
        await response.ShouldBeProblemNamingAsync(field);
    }
}
