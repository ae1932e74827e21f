namespace FlexAspire.Tests.Registry;

[Collection(StackCollection.Name)]
public sealed class RegistryGenerationTests(FlexStackFixture stack)
{
    private const string ActivePath = $"{RegistryTestData.CapabilitiesPath}?status=active";

    [Fact]
    public async Task A_new_registration_changes_the_generation_and_a_heartbeat_does_not()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var id = RegistryTestData.NewCapabilityId();
        var before = await GenerationAsync(registry);
        var first = await registry.RegisterAsync(RegistryTestData.ValidRegistration(id));
        (await GenerationAsync(registry)).ShouldBeGreaterThan(before);

        // Other parts of the stack may change the registry meanwhile (a sweep, another registration), so a heartbeat
        // is given a few chances; if heartbeats changed the generation, every attempt would see it move.
        var unchanged = false;
        for (var attempt = 0; attempt < 5 && !unchanged; attempt++)
        {
            var generation = await GenerationAsync(registry);
            var beat = await registry.RegisterAsync(RegistryTestData.ValidRegistration(id));
            beat.Record.LastSeenAt.ShouldBeGreaterThan(first.Record.LastSeenAt);
            beat.Record.RegisteredAt.ShouldBe(first.Record.RegisteredAt);
            unchanged = await GenerationAsync(registry) == generation;
        }
        unchanged.ShouldBeTrue("re-registering unchanged content (a heartbeat) must not change the registry generation");
    }

    [Fact]
    public async Task A_listing_is_304_while_the_generation_holds_and_the_new_listing_after_a_change()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        using var first = await registry.GetAsync(ActivePath);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var etag = first.Headers.ETag.ShouldNotBeNull();
        etag.IsWeak.ShouldBeTrue();

        await Eventually.ShouldBecomeTrueAsync(async () =>
        {
            using var current = await registry.GetAsync(ActivePath);
            using var conditional = await ConditionalGetAsync(registry, current.Headers.ETag!);
            return conditional.StatusCode == HttpStatusCode.NotModified && Equals(conditional.Headers.ETag, current.Headers.ETag);
        }, TimeSpan.FromSeconds(10), "a conditional GET with the current ETag answers 304");

        var id = RegistryTestData.NewCapabilityId();
        await registry.RegisterAsync(RegistryTestData.ValidRegistration(id));
        using var changed = await ConditionalGetAsync(registry, etag);
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        changed.Headers.ETag.ShouldNotBe(etag);
        var records = (await changed.Content.ReadFromJsonAsync(FlexJsonContext.Default.ListCapabilityRecord))!;
        records.ShouldContain(r => r.CapabilityId == id);
    }

    [Fact]
    public async Task The_generation_endpoint_answers_the_listings_generation()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        await Eventually.ShouldBecomeTrueAsync(async () =>
        {
            using var listing = await registry.GetAsync(ActivePath);
            var generation = await GenerationAsync(registry);
            return listing.Headers.ETag!.Tag == $"\"{generation}\"";
        }, TimeSpan.FromSeconds(10), "GET /capabilities/generation and the listing's ETag name the same generation");
    }

    [Fact]
    public async Task Paging_with_limit_and_cursor_returns_every_record_exactly_once()
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        var multiVersion = await registry.RegisterVersionsAsync("1.0.0", "2.0.0");
        foreach (var _ in Enumerable.Range(0, 5))
        {
            await registry.RegisterAsync(RegistryTestData.ValidRegistration(RegistryTestData.NewCapabilityId()));
        }

        // `all` never shrinks here; `active` may lose a capability whose heartbeat lapses meanwhile, so it gets retries.
        (await PagesMatchListingAsync(registry, "all")).ShouldBeTrue("paging `all` returns every record once");
        await Eventually.ShouldBecomeTrueAsync(() => PagesMatchListingAsync(registry, "active"), TimeSpan.FromSeconds(20),
            "paging `active` returns every record once");
        var all = (await registry.ListAsync("all")).Where(r => r.CapabilityId == multiVersion).Select(r => r.Version);
        all.ShouldBe(["2.0.0", "1.0.0"], "every version of a capability, newest first");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("cursor=%25%25", "cursor")]
    public async Task A_bad_page_request_is_a_400_naming_the_parameter(string query, string field)
    {
        using var registry = stack.CreateClient(ResourceNames.Registry);
        using var response = await registry.GetAsync($"{RegistryTestData.CapabilitiesPath}?{query}");
        await response.ShouldBeProblemNamingAsync(field);
    }

    [Fact]
    public async Task Listings_are_compressed_for_clients_that_accept_it()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = stack.CreateClient(ResourceNames.Registry).BaseAddress,
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, ActivePath);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var response = await http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.ShouldBe(["gzip"]);
    }

    private static async Task<bool> PagesMatchListingAsync(HttpClient registry, string status)
    {
        var unpaged = (await registry.ListAsync(status)).Select(r => (r.CapabilityId, r.Version)).ToList();
        var paged = new List<(string, string)>();
        var pages = 0;
        var next = $"{RegistryTestData.CapabilitiesPath}?status={status}&limit=3";
        while (next is not null)
        {
            using var response = await registry.GetAsync(next);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var page = (await response.Content.ReadFromJsonAsync(FlexJsonContext.Default.ListCapabilityRecord))!;
            page.Select(r => r.CapabilityId).Distinct().Count().ShouldBeLessThanOrEqualTo(3);
            paged.AddRange(page.Select(r => (r.CapabilityId, r.Version)));
            next = NextLink(response);
            pages++;
        }
        pages.ShouldBeGreaterThan(1);
        return paged.Count == paged.Distinct().Count() && paged.ToHashSet().SetEquals(unpaged);
    }

    private static async Task<long> GenerationAsync(HttpClient registry) =>
        (await registry.GetFromJsonAsync($"{RegistryTestData.CapabilitiesPath}/generation",
            FlexJsonContext.Default.RegistryGeneration))!.Generation;

    private static Task<HttpResponseMessage> ConditionalGetAsync(HttpClient registry, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, ActivePath);
        request.Headers.IfNoneMatch.Add(etag);
        return registry.SendAsync(request);
    }

    private static string? NextLink(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links)
            ? links.Select(l => l.Split(';')).Where(p => p.Length == 2 && p[1].Trim() == "rel=\"next\"")
                .Select(p => p[0].Trim().TrimStart('<').TrimEnd('>')).FirstOrDefault()
            : null;
}
