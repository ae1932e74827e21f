using System.Reflection;

namespace FlexAspire.Contracts.Serialization;

/// The wire spelling of an enum's members (their JsonStringEnumMemberName), computed once per enum: the one mapping
/// that JSON, the database's status columns (through EF value converters) and log/metric tags share.
public static class WireNames<TEnum> where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> Names = typeof(TEnum)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(f => (TEnum)f.GetValue(null)!, f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

    private static readonly Dictionary<string, TEnum> Values = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// Every member's wire name, in declaration order.
    public static IReadOnlyList<string> All { get; } = [.. Names.Values];

    public static string Of(TEnum value) => Names[value];

    public static bool TryParse(string? name, out TEnum value) => Values.TryGetValue(name ?? "", out value);

    public static TEnum Parse(string name) => Values.TryGetValue(name, out var value)
        ? value
        : throw new ArgumentOutOfRangeException(nameof(name), name, $"Not a {typeof(TEnum).Name}.");
}

public static class WireNameExtensions
{
    /// The member's wire spelling, e.g. RunStatus.AwaitingHitl → "awaiting_hitl".
    public static string ToWire<TEnum>(this TEnum value) where TEnum : struct, Enum => WireNames<TEnum>.Of(value);
}
