using System.Net;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Hosting;

/// <summary>Client certificates on a TLS listener: AILERON's clientAuth modes with clientCAs (functional).</summary>
public sealed class MutualTlsTests : IDisposable
{
    private readonly TestCertificates _certs = new();

    public void Dispose() => _certs.Dispose();

    private async Task<TlsProxy> StartAsync(string clientAuth)
    {
        var pair = _certs.WritePair("server", TestCertificates.Server(_certs.Ca, "localhost"));
        return await TlsProxy.StartAsync(u => TlsProxy.Config(
            u, TlsProxy.Pairs(pair) + $"clientAuth: {clientAuth}\nclientCAs: [\"{_certs.CaFile}\"]\n", "http2Config: {}"));
    }

    [Fact]
    public async Task RequireAndVerifyClientCert_serves_a_client_of_the_ca_and_refuses_none_or_another_cas()
    {
        await using var proxy = await StartAsync("RequireAndVerifyClientCert");
        using var good = TlsClient.Create(_certs.Ca, TestCertificates.Client(_certs.Ca));
        using var none = TlsClient.Create(_certs.Ca);
        using var stranger = TlsClient.Create(_certs.Ca, TestCertificates.Client(_certs.OtherCa, "stranger"));

        Assert.Equal(HttpStatusCode.OK, (await good.GetAsync(proxy.Url())).Status);
        Assert.Equal(HttpStatusCode.OK, (await good.GetAsync(proxy.Url(), HttpVersion.Version20)).Status);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => none.GetAsync(proxy.Url()));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => stranger.GetAsync(proxy.Url()));
    }

    [Fact]
    public async Task VerifyClientCertIfGiven_serves_a_client_without_one_and_refuses_a_bad_one()
    {
        await using var proxy = await StartAsync("VerifyClientCertIfGiven");
        using var none = TlsClient.Create(_certs.Ca);
        using var stranger = TlsClient.Create(_certs.Ca, TestCertificates.Client(_certs.OtherCa, "stranger"));

        Assert.Equal(HttpStatusCode.OK, (await none.GetAsync(proxy.Url())).Status);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => stranger.GetAsync(proxy.Url()));
    }

    [Fact]
    public async Task RequireAnyClientCert_wants_a_certificate_but_does_not_verify_it()
    {
        var pair = _certs.WritePair("server", TestCertificates.Server(_certs.Ca, "localhost"));
        await using var proxy = await TlsProxy.StartAsync(u => TlsProxy.Config(u, TlsProxy.Pairs(pair) + "clientAuth: RequireAnyClientCert\n"));
        using var none = TlsClient.Create(_certs.Ca);
        using var stranger = TlsClient.Create(_certs.Ca, TestCertificates.Client(_certs.OtherCa, "stranger"));

        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync(proxy.Url())).Status);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => none.GetAsync(proxy.Url()));
    }
}
