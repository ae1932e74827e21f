using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexAspire.Api.Envelopes;

/// Publishes the JSON Schema of each wire contract, generated from the C# records.
public static class ContractsApi
{
    public static RouteGroupBuilder MapContractsApi(this RouteGroupBuilder flex)
    {
        var group = flex.MapGroup("/contracts").WithTags("Contracts");
        group.MapGet("", ListContracts)
            .WithName("ListContracts")
            .WithSummary("Names of the wire contracts whose JSON Schema is published");
        group.MapGet("/{name}", GetContract)
            .WithName("GetContractSchema")
            .WithSummary("JSON Schema (draft 2020-12) of one wire contract, e.g. TaskEnvelope");
        return flex;
    }

    public static Ok<string[]> ListContracts() => TypedResults.Ok(ContractSchemas.Names.Order(StringComparer.Ordinal).ToArray());

    public static Results<ContentHttpResult, ProblemHttpResult> GetContract(string name) =>
        ContractSchemas.GetText(name) is { } schema
            ? TypedResults.Text(schema, "application/schema+json")
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown contract",
                detail: $"No wire contract is named '{name}'. Known contracts: {string.Join(", ", ContractSchemas.Names.Order(StringComparer.Ordinal))}.");
}
