using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexAspire.Registry.Facets;

public static class FacetsApi
{
    public static RouteGroupBuilder MapFacetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/flex/facets").WithTags("Facets");
        api.MapGet("/", List).WithName("ListFacets").WithSummary("The facet catalog, with each facet's JSON Schema");
        return api;
    }

    public static Ok<IReadOnlyList<FacetDefinition>> List() => TypedResults.Ok(FacetCatalog.All);
}
