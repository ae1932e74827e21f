using FlexAspire.Schemas;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexAspire.Registry.Capabilities;

public static class CapabilitiesApi
{
    private const string RegistryTokenDescription = "The registry token (Registry:Token, the AppHost's registry-token parameter).";
    private static readonly string[] Statuses = [CapabilityStore.Active, CapabilityStore.Inactive, "all"];

    public static RouteGroupBuilder MapCapabilitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/flex/capabilities").WithTags("Capabilities");

        // No Accepts<T> metadata: routing would answer a wrong content type with a bare 415 before the handler.
        api.MapPost("/register", Register).AddEndpointFilter<RegistryTokenFilter>()
            .WithJsonBody<CapabilityRegistration>().WithBearerSecurity(RegistryTokenDescription)
            .WithName("RegisterCapability").WithSummary("Register a capability or refresh its heartbeat");
        api.MapGet("/", List).WithName("ListCapabilities")
            .WithSummary("List capabilities by status (ETag = registry generation; keyset paging with limit and cursor)");
        api.MapGet("/generation", Generation).WithName("GetRegistryGeneration")
            .WithSummary("The registry generation alone (changes with the active set or any registration's content)");
        api.MapGet("/{id}", Get).WithName("GetCapability").WithSummary("A capability with all its versions");
        api.MapDelete("/{id}", Delete).AddEndpointFilter<RegistryTokenFilter>().WithBearerSecurity(RegistryTokenDescription)
            .WithName("DeregisterCapability").WithSummary("Remove a capability (every version, or ?version=)");
        return api;
    }

    /// `?view=awesomeposter`: the existing system's response shape (registry.active as the records; docs/compatibility.md).
    public const string TheirView = "awesomeposter";

    public static async Task<Results<Ok<RegisterCapabilityResponse>, Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> Register(HttpRequest request, CapabilityStore store,
        RegistrySnapshotCache cache, IOptions<RegistryOptions> options, RegistryTelemetry telemetry, CancellationToken ct, string? view = null)
    {
        if (view is not (null or TheirView))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["view"] = [$"view must be '{TheirView}' or absent."] });
        }
        var read = await RegistrationReader.ReadAsync(request, options.Value.MaxRegistrationBytes, ct);
        if (read.Invalid is not null)
        {
            return read.Invalid;
        }
        if (read.Refused is not null)
        {
            return read.Refused;
        }
        var registration = read.Registration!;
        var contentHash = RegistrationContentHash.Of(registration);
        // Unchanged content is a heartbeat: one UPDATE of lastSeenAt, no validation, no generation change.
        var owner = RegistryTokenFilter.Owner(request.HttpContext);
        var stored = await store.HeartbeatAsync(registration.CapabilityId, registration.Version, contentHash, owner, ct);
        if (stored is not null)
        {
            telemetry.Heartbeat(stored.Record.Kind);
        }
        else
        {
            var errors = new ValidationErrors();
            if (RegistrationValidator.Validate(registration, errors) is not { } valid)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }
            stored = await store.UpsertAsync(valid, contentHash, owner, ct);
            if (stored is null)
            {
                return OwnedByAnother(registration.CapabilityId);
            }
            telemetry.Registered(valid.Kind);
        }
        if (view == TheirView)
        {
            // The existing system answers with the active records themselves (docs/compatibility.md).
            var active = JsonNode.Parse((await cache.ActiveAsync(stored.Generation, ct)).Utf8Json)!.AsArray();
            return TypedResults.Ok(new JsonObject
            {
                ["ok"] = true,
                ["record"] = JsonSerializer.SerializeToNode(stored.Record, FlexJsonContext.Default.CapabilityRecord),
                ["registry"] = new JsonObject { ["count"] = active.Count, ["active"] = active },
            });
        }
        return TypedResults.Ok(new RegisterCapabilityResponse
        {
            Ok = true,
            Record = stored.Record,
            Registry = await cache.CountsAsync(store, stored.Generation, ct),
        });
    }

    public static async Task<IResult> List(HttpContext context, CapabilityStore store, RegistrySnapshotCache cache,
        CancellationToken ct, string status = CapabilityStore.Active, int? limit = null, string? cursor = null)
    {
        var errors = new ValidationErrors();
        if (!Statuses.Contains(status))
        {
            errors.Add("status", $"'{status}' is not one of: {string.Join(", ", Statuses)}");
        }
        if (limit is < 1 or > ListingPage.MaxLimit)
        {
            errors.Add("limit", $"must be between 1 and {ListingPage.MaxLimit}");
        }
        var after = ListingPage.DecodeCursor(cursor, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var generation = await store.GenerationAsync(ct);
        if (ListingPage.IsNotModified(context.Request, generation))
        {
            ListingPage.SetGeneration(context.Response, generation);
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        if (status == CapabilityStore.Active && limit is null && after is null)
        {
            var snapshot = await cache.ActiveAsync(generation, ct);
            ListingPage.SetGeneration(context.Response, snapshot.Generation);
            return TypedResults.Bytes(snapshot.Utf8Json, "application/json");
        }
        var page = await store.ListAsync(status, after, limit, ct);
        ListingPage.SetGeneration(context.Response, page.Generation);
        if (limit is { } size && page.Capabilities == size && page.LastCapabilityId is { } last)
        {
            ListingPage.SetNextLink(context, status, size, last);
        }
        return TypedResults.Text(page.Json, "application/json");
    }

    public static async Task<Ok<RegistryGeneration>> Generation(HttpResponse response, CapabilityStore store,
        CancellationToken ct)
    {
        var generation = await store.GenerationAsync(ct);
        ListingPage.SetGeneration(response, generation);
        return TypedResults.Ok(new RegistryGeneration { Generation = generation });
    }

    public static async Task<Results<Ok<CapabilityVersions>, ProblemHttpResult>> Get(string id,
        CapabilityStore store, CancellationToken ct)
    {
        var versions = await store.VersionsAsync(id, ct);
        if (versions.Count == 0)
        {
            return NotFoundProblem(id);
        }
        return TypedResults.Ok(new CapabilityVersions
        {
            CapabilityId = id,
            Current = versions.FirstOrDefault(v => v.Status == CapabilityStatus.Active) ?? versions[0],
            Versions = versions,
        });
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, HttpContext http, CapabilityStore store,
        CancellationToken ct, string? version = null)
    {
        var owner = RegistryTokenFilter.Owner(http);
        if (await store.OwnerOfAsync(id, ct) is { } holder && holder != owner)
        {
            return OwnedByAnother(id);
        }
        var deleted = await store.DeleteAsync(id, version, owner, ct);
        return deleted == 0 ? NotFoundProblem(version is null ? id : $"{id}@{version}") : TypedResults.NoContent();
    }

    private static ProblemHttpResult OwnedByAnother(string id) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "Capability owned by another credential",
        detail: $"Capability '{id}' was registered with another registry token; only that token may re-register or delete it.");

    private static ProblemHttpResult NotFoundProblem(string what) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"No capability '{what}' is registered.");
}
