using System.Security.Cryptography;

namespace FlexAspire.Registry.Capabilities;

/// Identifies a registration's content: the document as parsed (so whitespace and key order do not matter), the facet
/// catalog its facet contracts compile against, and the version of the registry's rules. Equal hashes mean a
/// re-registration would store exactly what is stored, so it is a heartbeat.
public static class RegistrationContentHash
{
    // Bump when RegistrationValidator or ContractCompiler change what they accept or derive, so stored hashes stop
    // matching and every capability is validated and compiled again on its next registration.
    private const string RulesVersion = "registry-rules-1";

    private static readonly byte[] Salt = ComputeSalt();

    public static string Of(CapabilityRegistration registration)
    {
        var document = JsonSerializer.SerializeToUtf8Bytes(registration, FlexJsonContext.Default.CapabilityRegistration);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Salt);
        hash.AppendData(document);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static byte[] ComputeSalt()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(RulesVersion));
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(FacetCatalog.All.ToList(), FlexJsonContext.Default.ListFacetDefinition));
        return hash.GetHashAndReset();
    }
}
