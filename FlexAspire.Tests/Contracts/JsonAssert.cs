using System.Text.Json.Serialization.Metadata;

namespace FlexAspire.Tests.Contracts;

internal static class JsonAssert
{
    /// Deserializes with the flex metadata, serializes back and asserts the JSON is unchanged; returns the value.
    public static T RoundTrips<T>(string json, JsonTypeInfo<T> typeInfo) where T : class
    {
        var value = JsonSerializer.Deserialize(json, typeInfo).ShouldNotBeNull();
        var original = JsonNode.Parse(json);
        var written = JsonNode.Parse(JsonSerializer.Serialize(value, typeInfo));
        JsonNode.DeepEquals(original, written).ShouldBeTrue(
            $"{typeof(T).Name} did not round-trip.\nexpected: {original?.ToJsonString()}\nactual:   {written?.ToJsonString()}");
        return value;
    }

    public static object RoundTrips(string json, JsonTypeInfo typeInfo)
    {
        var value = JsonSerializer.Deserialize(json, typeInfo);
        value.ShouldNotBeNull();
        var original = JsonNode.Parse(json);
        var written = JsonNode.Parse(JsonSerializer.Serialize(value, typeInfo));
        JsonNode.DeepEquals(original, written).ShouldBeTrue(
            $"{typeInfo.Type.Name} did not round-trip.\nexpected: {original?.ToJsonString()}\nactual:   {written?.ToJsonString()}");
        return value;
    }
}
