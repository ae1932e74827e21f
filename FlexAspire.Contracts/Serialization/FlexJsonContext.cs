using System.Text.Json;
using System.Text.Json.Serialization;
using FlexAspire.Contracts.Facets;

namespace FlexAspire.Contracts.Serialization;

/// Source-generated metadata for every wire record. Unknown members are rejected (DESIGN §2) except inside
/// free-form JsonObject/JsonNode members, which accept anything by construction.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(FacetDefinition))]
[JsonSerializable(typeof(List<FacetDefinition>))]
public sealed partial class FlexJsonContext : JsonSerializerContext;
