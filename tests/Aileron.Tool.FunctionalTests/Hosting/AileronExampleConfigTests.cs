using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Hosting;

/// <summary>
/// The configs of AILERON's examples/proxy-loadbalancing (in this repository's examples/) load and
/// serve as AILERON's README says, with only their ports changed: five upstreams answering
/// <c>Server :800N</c> behind a proxy. Functional tests: a real proxy and upstreams on 127.0.0.1.
/// </summary>
public sealed class AileronExampleConfigTests
{
    [Fact]
    public async Task Round_robin_sends_ten_requests_to_8001_through_8005_twice_in_order()
    {
        await using var setup = await Example.StartAsync("config-round-robin.yaml");

        var servers = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            servers.Add(await setup.Proxy.Client.GetStringAsync("/"));
        }

        Assert.Equal(
            [.. Enumerable.Range(1, 5).Select(n => $"Server :800{n}\n"), .. Enumerable.Range(1, 5).Select(n => $"Server :800{n}\n")],
            servers);
    }

    [Fact]
    public async Task Random_answers_every_request_from_one_of_the_five()
    {
        await using var setup = await Example.StartAsync("config-random.yaml");

        for (var i = 0; i < 50; i++)
        {
            Assert.Matches("^Server :800[1-5]\n$", await setup.Proxy.Client.GetStringAsync("/"));
        }
    }

    [Theory]
    [InlineData("config-direct-hash.yaml")]
    [InlineData("config-ring-hash.yaml")]
    [InlineData("config-maglev.yaml")]
    public async Task A_hash_key_sticks_to_one_server_and_requests_without_it_all_go_to_one_fixed_server(string example)
    {
        await using var setup = await Example.StartAsync(example);

        foreach (var key in new[] { "alice", "bob", "12345" })
        {
            var answers = new HashSet<string>();
            for (var i = 0; i < 5; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/");
                request.Headers.Add("Hash-Key", key);
                using var response = await setup.Proxy.Client.SendAsync(request);
                answers.Add(await response.Content.ReadAsStringAsync());
            }

            Assert.Single(answers);
        }

        var keyless = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            keyless.Add(await setup.Proxy.Client.GetStringAsync("/"));
        }

        Assert.Single(keyless);
    }

    /// <summary>An example config with its proxy on an ephemeral port and its five upstreams wherever they could listen.</summary>
    private sealed class Example : IAsyncDisposable
    {
        private readonly List<TestUpstream> _upstreams;

        private Example(List<TestUpstream> upstreams, TestProxy proxy)
        {
            _upstreams = upstreams;
            Proxy = proxy;
        }

        public TestProxy Proxy { get; }

        public static async Task<Example> StartAsync(string file)
        {
            var upstreams = new List<TestUpstream>();
            for (var n = 1; n <= 5; n++)
            {
                var text = $"Server :800{n}\n";
                upstreams.Add(await TestUpstream.StartAsync(c => c.Response.WriteAsync(text)));
            }

            var yaml = File.ReadAllText(TestFiles.Example(file)).Replace("addr: \":8080\"", "addr: \"127.0.0.1:0\"", StringComparison.Ordinal);
            for (var n = 1; n <= 5; n++)
            {
                yaml = yaml.Replace($"http://localhost:800{n}", upstreams[n - 1].Url, StringComparison.Ordinal);
            }

            return new Example(upstreams, await TestProxy.StartAsync(yaml));
        }

        public async ValueTask DisposeAsync()
        {
            await Proxy.DisposeAsync();
            foreach (var upstream in _upstreams)
            {
                await upstream.DisposeAsync();
            }
        }
    }
}
