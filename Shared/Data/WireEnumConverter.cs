using FlexAspire.Contracts.Serialization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FlexAspire.Data;

/// Stores a wire enum (RunStatus, NodeStatus, …) as its wire spelling, so status columns stay readable text
/// ("awaiting_hitl") while the code compares typed values. Registered per enum in each DbContext's ConfigureConventions.
internal sealed class WireEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => WireNames<TEnum>.Of(value),
    text => WireNames<TEnum>.Parse(text))
    where TEnum : struct, Enum;
