using System.Net;
using System.Net.Sockets;

namespace FlexAspire.Api.Agents.Remote;

/// `Flex:Agents:Outbound`: where the API may send a run's inputs. A registration's `invocation.url` is written by
/// whoever holds a registry token, so it is treated as hostile: see docs/security.md.
public sealed class OutboundOptions
{
    public const string Section = "Flex:Agents:Outbound";

    /// Trusted hosts (`host`, `host:port` or `*.domain`): http is allowed, any address (loopback, private) too, and a
    /// BearerToken, when set, is sent to them. The AppHost lists the legacy agents server here, with its API key.
    public List<OutboundHost> Hosts { get; set; } = [];

    /// Schemes allowed for hosts not listed in Hosts.
    public List<string> Schemes { get; set; } = ["https"];

    /// True: only the hosts in Hosts are called at all.
    public bool OnlyListedHosts { get; set; }

    /// Redirects followed, to the same scheme, host and port only (307/308, which keep the POST).
    public int MaxRedirects { get; set; } = 3;

    /// The largest reply body read from a remote agent.
    public long MaxResponseBytes { get; set; } = 2 * 1024 * 1024;
}

public sealed class OutboundHost
{
    public string Host { get; set; } = "";
    public string? BearerToken { get; set; }
}

/// A call the policy refused: not transient, never retried.
public sealed class OutboundRefusedException(string message) : HttpRequestException(message);

/// Applies OutboundOptions twice: to the URL before a call (scheme, listed host), and to every address actually
/// connected to (the HttpClient's ConnectCallback), so a public name that resolves to a private address — DNS
/// rebinding included — is refused as well.
public sealed class OutboundPolicy(IOptionsMonitor<OutboundOptions> options)
{
    /// Null when the URL may be called; otherwise why not.
    public string? Refusal(Uri url)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
            return $"'{url}' is not an absolute http(s) URL.";
        if (url.UserInfo.Length > 0)
            return "URLs with credentials in them are not called.";
        if (Trusted(url.IdnHost, url.Port) is not null)
            return null;
        var current = options.CurrentValue;
        if (current.OnlyListedHosts)
            return $"{url.Authority} is not in {OutboundOptions.Section}:Hosts.";
        if (!current.Schemes.Contains(url.Scheme, StringComparer.OrdinalIgnoreCase))
            return $"The scheme {url.Scheme} is not allowed for hosts outside {OutboundOptions.Section}:Hosts (allowed: {string.Join(", ", current.Schemes)}).";
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal) && !IsPublic(literal))
            return $"{literal} is a loopback, private or link-local address; list the host in {OutboundOptions.Section}:Hosts to allow it.";
        return null;
    }

    /// The listed host entry for this host and port, if any.
    public OutboundHost? Trusted(string host, int port) =>
        options.CurrentValue.Hosts.FirstOrDefault(h => Matches(h.Host, host, port));

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        IPAddress[] addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = Trusted(host, port) is not null ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
            throw new OutboundRefusedException($"{host} resolves only to loopback, private or link-local addresses; list it in {OutboundOptions.Section}:Hosts to allow it.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool Matches(string pattern, string host, int port)
    {
        var (name, wantedPort) = SplitPort(pattern.Trim());
        if (wantedPort is { } p && p != port)
            return false;
        return name.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(name[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(name, host, StringComparison.OrdinalIgnoreCase);
    }

    private static (string Host, int? Port) SplitPort(string pattern)
    {
        var colon = pattern.LastIndexOf(':');
        return colon > 0 && !pattern.EndsWith(']') && pattern.IndexOf(':') == colon && int.TryParse(pattern[(colon + 1)..], out var port)
            ? (pattern[..colon], port)
            : (pattern, null);
    }

    /// Loopback, private (RFC 1918, ULA), link-local (cloud metadata lives there), CGNAT, unspecified, multicast and
    /// reserved ranges are not public.
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 or >= 224 => false,
            100 => b[1] is < 64 or > 127,
            169 => b[1] != 254,
            172 => b[1] is < 16 or > 31,
            192 => !(b[1] == 168 || b[1] == 0 && b[2] == 0),
            198 => b[1] is not (18 or 19),
            _ => true,
        };
    }
}
