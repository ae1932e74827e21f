namespace FlexAspire.Contracts.Serialization;

/// Enums travel as the exact strings of the wire contract (via JsonStringEnumMemberName); integers are refused so a
/// client cannot send `"status": 3` and get whatever member happens to sit at that position.
public sealed class StrictEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
