using System.Net;
using System.Security.Cryptography.X509Certificates;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Hosting;

/// <summary>Certificates reload without a restart when their files change, and a broken file keeps the old ones (functional).</summary>
public sealed class CertificateRotationTests : IDisposable
{
    private readonly TestCertificates _certs = new();

    public void Dispose() => _certs.Dispose();

    [Fact]
    public async Task Overwriting_the_files_in_place_under_load_fails_no_request()
    {
        var (first, next) = (TestCertificates.Server(_certs.Ca, "localhost"), TestCertificates.Server(_certs.Ca, "localhost"));
        var pair = _certs.WritePair("server", first);

        await RotateUnderLoadAsync(pair, next, () =>
        {
            File.WriteAllText(pair.CertFile, TestCertificates.CertificatePem(next));
            File.WriteAllText(pair.KeyFile, TestCertificates.KeyPem(next));
        });
    }

    [Fact]
    public async Task Replacing_the_files_by_a_rename_under_load_fails_no_request()
    {
        var (first, next) = (TestCertificates.Server(_certs.Ca, "localhost"), TestCertificates.Server(_certs.Ca, "localhost"));
        var pair = _certs.WritePair("server", first);

        await RotateUnderLoadAsync(pair, next, () =>
        {
            var staged = _certs.WritePair("staged", next);
            File.Move(staged.KeyFile, pair.KeyFile, overwrite: true);
            File.Move(staged.CertFile, pair.CertFile, overwrite: true);
        });
    }

    [Fact]
    public async Task A_configmap_symlink_swap_is_picked_up()
    {
        var (first, next) = (TestCertificates.Server(_certs.Ca, "localhost"), TestCertificates.Server(_certs.Ca, "localhost"));
        var volume = Directory.CreateDirectory(Path.Combine(_certs.Directory, "volume")).FullName;
        WriteVersion(volume, "..v1", first);
        Directory.CreateSymbolicLink(Path.Combine(volume, "..data"), "..v1");
        File.CreateSymbolicLink(Path.Combine(volume, "tls.crt"), "..data/tls.crt");
        File.CreateSymbolicLink(Path.Combine(volume, "tls.key"), "..data/tls.key");
        var pair = (Path.Combine(volume, "tls.crt"), Path.Combine(volume, "tls.key"));

        await RotateUnderLoadAsync(pair, next, () =>
        {
            // What the kubelet does: write the new version beside the old, then rename a new ..data link over the old one.
            WriteVersion(volume, "..v2", next);
            Directory.CreateSymbolicLink(Path.Combine(volume, "..data_tmp"), "..v2");
            Rename(Path.Combine(volume, "..data_tmp"), Path.Combine(volume, "..data"));
        });
    }

    [Fact]
    public async Task A_broken_new_certificate_keeps_the_old_one_and_says_why()
    {
        var first = TestCertificates.Server(_certs.Ca, "localhost");
        var pair = _certs.WritePair("server", first);
        await using var proxy = await TlsProxy.StartAsync(u => TlsProxy.Config(u, TlsProxy.Pairs(pair)));
        using var client = TlsClient.Create(_certs.Ca, freshConnections: true);

        File.WriteAllText(pair.CertFile, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        await Eventually.True(() => proxy.Log.Text.Contains("tls certificates not reloaded", StringComparison.Ordinal), "the failed reload logged", 15000);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(proxy.Url())).Status);
        Assert.Equal(first.SerialNumber, client.Seen!.SerialNumber);
        Assert.Contains(pair.CertFile, proxy.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_reload_serves_the_new_certificate_files_and_refuses_to_drop_tls()
    {
        var first = TestCertificates.Server(_certs.Ca, "localhost");
        var second = TestCertificates.Server(_certs.Ca, "localhost");
        var (pair1, pair2) = (_certs.WritePair("one", first), _certs.WritePair("two", second));
        string? upstream = null;
        await using var proxy = await TlsProxy.StartAsync(u => TlsProxy.Config(upstream = u, TlsProxy.Pairs(pair1)));
        using var client = TlsClient.Create(_certs.Ca, freshConnections: true);

        var applied = await proxy.Proxy.Host.ReloadAsync(TestConfig.Load(TlsProxy.Config(upstream!, TlsProxy.Pairs(pair2))));
        await client.GetAsync(proxy.Url());
        var plaintext = await proxy.Proxy.Host.ReloadAsync(TestConfig.Load(TestConfig.Simple(TestConfig.LoadBalancer([upstream!]))));

        Assert.True(applied.Applied, applied.Rejection);
        Assert.Equal(second.SerialNumber, client.Seen!.SerialNumber);
        Assert.False(plaintext.Applied);
        Assert.Contains("turning TLS off", plaintext.Rejection, StringComparison.Ordinal);
    }

    private async Task RotateUnderLoadAsync((string CertFile, string KeyFile) pair, X509Certificate2 next, Action rotate)
    {
        await using var proxy = await TlsProxy.StartAsync(u => TlsProxy.Config(u, TlsProxy.Pairs(pair), "http2Config: {}"));
        using var client = TlsClient.Create(_certs.Ca, freshConnections: true);
        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var served = 0;
            while (!stop.IsCancellationRequested || served == 0)
            {
                try
                {
                    var answer = await client.GetAsync(proxy.Url());
                    if (answer.Status != HttpStatusCode.OK)
                    {
                        lock (failures)
                        {
                            failures.Add(answer.Status.ToString());
                        }
                    }
                }
                catch (HttpRequestException e)
                {
                    lock (failures)
                    {
                        failures.Add(e.Message);
                    }
                }

                served++;
            }
        })).ToList();

        await Eventually.True(() => client.Seen is not null, "the first handshake");
        rotate();
        await Eventually.True(() => client.Seen?.SerialNumber == next.SerialNumber, "a handshake with the new certificate", 15000);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Empty(failures);
        await Eventually.True(() => proxy.Log.Text.Contains("tls certificates reloaded", StringComparison.Ordinal), "the reload's log line");
    }

    private static void WriteVersion(string volume, string name, X509Certificate2 certificate)
    {
        var dir = Directory.CreateDirectory(Path.Combine(volume, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "tls.crt"), TestCertificates.CertificatePem(certificate));
        File.WriteAllText(Path.Combine(dir, "tls.key"), TestCertificates.KeyPem(certificate));
    }

    /// <summary>rename(2) of a symlink over another, as the kubelet swaps ..data: atomic, the link itself moved.</summary>
    private static void Rename(string from, string to)
    {
        using var mv = System.Diagnostics.Process.Start("mv", ["-T", from, to]);
        mv.WaitForExit();
        Assert.Equal(0, mv.ExitCode);
    }
}
