using System.Net;
using Aileron.Configuration;
using Aileron.Tests.TestSupport;
using Aileron.Tests.TestSupport.Grpc;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Hosting;

/// <summary>
/// The ReverseProxyHandler configs of AILERON's test/integration/httpproxy, written anew, each
/// served behind an HTTPServer on 127.0.0.1 (AILERON's tests drive the handler without a server),
/// with upstream ports changed, and asserting what AILERON's tests assert. Where aileron differs on
/// purpose (round robin's order) the test says so; docs/aileron-compatibility.md says why.
/// Functional tests: a real proxy and upstreams on 127.0.0.1.
/// </summary>
public sealed class AileronIntegrationConfigTests
{
    private const string NotFound = "{\"status\":404,\"statusText\":\"Not Found\"}";

    [Theory]
    [InlineData("", "")]
    [InlineData("metadata: {name: testName, namespace: testNamespace}", "name: testName, namespace: testNamespace")]
    [InlineData("metadata: {name: \"\", namespace: testNamespace}", "name: default, namespace: testNamespace")]
    [InlineData("metadata: {name: testName, namespace: \"\"}", "name: testName, namespace: \"\"")]
    [InlineData("metadata: {name: \"\", namespace: \"\"}", "name: default, namespace: \"\"")]
    [InlineData("spec: {}", "")]
    public async Task A_handler_without_load_balancers_answers_404_in_AILERONs_body_whatever_its_names(string rest, string reference)
    {
        await using var proxy = await TestProxy.StartAsync(Serve($"apiVersion: core/v1\nkind: ReverseProxyHandler\n{rest}\n", reference));

        using var get = await proxy.Client.GetAsync("/test");
        using var post = await proxy.Client.PostAsync("/test", new StringContent("test"));

        await AssertNotFound(get);
        await AssertNotFound(post);
    }

    [Fact]
    public void An_unknown_field_in_the_spec_fails_to_load()
    {
        var result = ConfigLoader.Load([("config.yaml", Serve("apiVersion: core/v1\nkind: ReverseProxyHandler\nspec:\n  invalid: parameter\n"))]);

        Assert.True(result.HasErrors);
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message.StartsWith("unknown field 'invalid' in spec", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_load_balancer_without_upstreams_answers_502()
    {
        await using var proxy = await TestProxy.StartAsync(Serve(Handler("""
            - pathMatcher: {match: /test, matchType: Prefix}
              upstreams: []
            """)));

        using var matched = await proxy.Client.GetAsync("/test");
        using var other = await proxy.Client.GetAsync("/none");

        Assert.Equal(HttpStatusCode.BadGateway, matched.StatusCode);
        Assert.False(matched.Headers.Contains("test"));
        Assert.Equal("{\"status\":502,\"statusText\":\"Bad Gateway\"}", await matched.Content.ReadAsStringAsync());
        await AssertNotFound(other);
    }

    [Fact]
    public async Task One_upstreams_redirect_is_relayed_not_followed()
    {
        await using var upstream = await Upstream("ok", c => "test");
        await using var proxy = await TestProxy.StartAsync(Serve(Handler($$"""
            - pathMatcher: {match: /test, matchType: Prefix}
              upstreams: [{url: {{upstream.Url}}}]
            """)));

        using var response = await proxy.Client.GetAsync("/test");
        using var other = await proxy.Client.GetAsync("/none");

        Assert.Equal((HttpStatusCode.Redirect, "ok", "test"), (response.StatusCode, Header(response), await response.Content.ReadAsStringAsync()));
        await AssertNotFound(other);
        Assert.False(other.Headers.Contains("test"));
    }

    [Fact]
    public async Task Two_upstreams_take_turns_and_get_the_path_unchanged()
    {
        await using var first = await Upstream("h1", c => c.Request.Path.Value!);
        await using var second = await Upstream("h2", c => c.Request.Path.Value!);
        await using var proxy = await TestProxy.StartAsync(Serve(Handler($$"""
            - pathMatcher: {match: /test, matchType: Prefix}
              upstreams: [{url: {{first.Url}}}, {url: {{second.Url}}}]
            """)));

        using var foo = await proxy.Client.GetAsync("/test/foo");
        using var bar = await proxy.Client.GetAsync("/test/bar");

        Assert.Equal(("h1", "/test/foo"), (Header(foo), await foo.Content.ReadAsStringAsync()));
        Assert.Equal(("h2", "/test/bar"), (Header(bar), await bar.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Two_load_balancers_each_serve_their_prefix()
    {
        await using var first = await Upstream("h1", c => c.Request.Path.Value!);
        await using var second = await Upstream("h2", c => c.Request.Path.Value!);
        await using var proxy = await TestProxy.StartAsync(Serve(Handler($$"""
            - pathMatcher: {match: /test1, matchType: Prefix}
              upstreams: [{url: {{first.Url}}}]
            - pathMatcher: {match: /test2, matchType: Prefix}
              upstreams: [{url: {{second.Url}}}]
            """)));

        for (var i = 0; i < 2; i++)
        {
            using var one = await proxy.Client.GetAsync("/test1/foo");
            using var two = await proxy.Client.GetAsync("/test2/bar");
            Assert.Equal(("h1", "/test1/foo"), (Header(one), await one.Content.ReadAsStringAsync()));
            Assert.Equal(("h2", "/test2/bar"), (Header(two), await two.Content.ReadAsStringAsync()));
        }

        await AssertNotFound(await proxy.Client.GetAsync("/none"));
    }

    [Fact]
    public async Task Every_match_type_picks_its_load_balancer()
    {
        var upstreams = new List<TestUpstream>();
        for (var i = 1; i <= 8; i++)
        {
            upstreams.Add(await Upstream($"h{i}", c => "ok"));
        }

        try
        {
            (string Match, string Type)[] matchers =
            [
                ("/test1", "Exact"), ("/test2", "Prefix"), ("/test3", "Suffix"), ("/test4", "Contains"), ("/test5/*", "Path"),
                ("/test6/*", "FilePath"), ("^/test/[0-9]{3}/.*$", "Regex"), ("^/test/[a-z]{3}/.*$", "RegexPOSIX"),
            ];
            await using var proxy = await TestProxy.StartAsync(Serve(Handler(string.Join('\n', matchers.Select((m, i) => $$"""
                - pathMatcher: {match: "{{m.Match}}", matchType: {{m.Type}}}
                  upstreams: [{url: {{upstreams[i].Url}}}]
                """)))));

            (string Path, string Expected)[] cases =
            [
                ("/test1", "h1"), ("/test2/foo/bar", "h2"), ("/foo/bar/test3", "h3"), ("/foo/test4/bar", "h4"), ("/test5/foo", "h5"),
                ("/test6/foo", "h6"), ("/test/123/foo/bar", "h7"), ("/test/abc/foo/bar", "h8"),
            ];
            foreach (var (path, expected) in cases)
            {
                using var response = await proxy.Client.GetAsync(path);
                Assert.Equal((HttpStatusCode.Redirect, expected), (response.StatusCode, Header(response)));
            }

            await AssertNotFound(await proxy.Client.GetAsync("/none"));
            await AssertNotFound(await proxy.Client.GetAsync("/test5/foo/bar"));
        }
        finally
        {
            foreach (var upstream in upstreams)
            {
                await upstream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Trim_prefix_is_removed_before_matching_and_forwarding()
    {
        await using var upstream = await Upstream("ok", c => c.Request.Path.Value!);
        await using var proxy = await TestProxy.StartAsync(Serve(Handler($$"""
            - pathMatcher: {trimPrefix: /pre, match: /test, matchType: Prefix}
              upstreams: [{url: {{upstream.Url}}}]
            """)));

        using var response = await proxy.Client.GetAsync("/pre/test");

        Assert.Equal((HttpStatusCode.Redirect, "ok", "/test"), (response.StatusCode, Header(response), await response.Content.ReadAsStringAsync()));
        await AssertNotFound(await proxy.Client.GetAsync("/none"));
    }

    [Theory]
    [InlineData("Maglev")]
    [InlineData("RingHash")]
    [InlineData("DirectHash")]
    public async Task A_hash_algorithm_keeps_a_key_on_one_upstream_and_spreads_keys_by_weight(string algorithm)
    {
        await using var a = await Upstream("h1", c => "ok", status: 200);
        await using var b = await Upstream("h2", c => "ok", status: 200);
        await using var c3 = await Upstream("h3", c => "ok", status: 200);
        await using var proxy = await TestProxy.StartAsync(Serve(Handler($$"""
            - pathMatcher: {match: /test, matchType: Prefix}
              lbAlgorithm: {{algorithm}}
              hasher: {hashSource: Query, key: proxy}
              upstreams:
                - {url: {{a.Url}}, weight: 100}
                - {url: {{b.Url}}, weight: 200}
                - {url: {{c3.Url}}, weight: 300}
            """)));

        foreach (var seed in new[] { "foo", "bar", "baz", "alice", "bob", "12345" })
        {
            var answers = new HashSet<string>();
            for (var i = 0; i < 5; i++)
            {
                using var response = await proxy.Client.GetAsync($"/test?proxy={seed}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                answers.Add(Header(response));
            }

            Assert.Single(answers);
        }

        var counts = new Dictionary<string, int> { ["h1"] = 0, ["h2"] = 0, ["h3"] = 0 };
        for (var i = 0; i < 1200; i++)
        {
            using var response = await proxy.Client.GetAsync($"/test?proxy={i}");
            counts[Header(response)]++;
        }

        // Expected 200, 400 and 600 (standard deviations about 13, 16 and 17). Maglev's and RingHash's
        // tables follow the upstreams' ephemeral ports, so each run draws a new split: the bands are
        // about five deviations wide and still exclude an even 400 each.
        Assert.InRange(counts["h1"], 135, 265);
        Assert.InRange(counts["h2"], 320, 480);
        Assert.InRange(counts["h3"], 515, 685);
    }

    [Fact]
    public async Task Weighted_round_robin_gives_the_same_counts_per_cycle_in_a_smoother_order()
    {
        // AILERON sends A, B, B, C, C, C; aileron interleaves by weight (as nginx does). Every cycle of
        // six requests still gives 1, 2 and 3, which is what AILERON's test counts.
        await using var a = await Upstream("h1", c => "ok");
        await using var b = await Upstream("h2", c => "ok");
        await using var c3 = await Upstream("h3", c => "ok");
        await using var proxy = await TestProxy.StartAsync(Serve(Handler($$"""
            - pathMatcher: {match: /test, matchType: Prefix}
              lbAlgorithm: RoundRobin
              upstreams:
                - {url: {{a.Url}}, weight: 1}
                - {url: {{b.Url}}, weight: 2}
                - {url: {{c3.Url}}, weight: 3}
            """)));

        for (var cycle = 0; cycle < 10; cycle++)
        {
            var counts = new Dictionary<string, int> { ["h1"] = 0, ["h2"] = 0, ["h3"] = 0 };
            for (var i = 0; i < 6; i++)
            {
                using var response = await proxy.Client.GetAsync("/test");
                counts[Header(response)]++;
            }

            Assert.Equal((1, 2, 3), (counts["h1"], counts["h2"], counts["h3"]));
        }
    }

    [Fact]
    public async Task Random_spreads_by_weight()
    {
        await using var a = await Upstream("h1", c => "ok");
        await using var b = await Upstream("h2", c => "ok");
        await using var c3 = await Upstream("h3", c => "ok");
        await using var proxy = await TestProxy.StartAsync(Serve(Handler($$"""
            - pathMatcher: {match: /test, matchType: Prefix}
              lbAlgorithm: Random
              upstreams:
                - {url: {{a.Url}}, weight: 1}
                - {url: {{b.Url}}, weight: 2}
                - {url: {{c3.Url}}, weight: 3}
            """)));

        var counts = new Dictionary<string, int> { ["h1"] = 0, ["h2"] = 0, ["h3"] = 0 };
        for (var i = 0; i < 1800; i++)
        {
            using var response = await proxy.Client.GetAsync("/test");
            counts[Header(response)]++;
        }

        Assert.InRange(counts["h1"], 200, 400);
        Assert.InRange(counts["h2"], 500, 700);
        Assert.InRange(counts["h3"], 800, 1000);
    }

    public static TheoryData<string, string, string, string?, bool> Matchers => new()
    {
        { "hosts: [test.com]", "GET", "/", "host=test.com", true },
        { "hosts: [test.com]", "GET", "/", "host=wrong.com", false },
        { "methods: [GET, PUT]", "GET", "/", null, true },
        { "methods: [GET, PUT]", "PUT", "/", null, true },
        { "methods: [GET, PUT]", "POST", "/", null, false },
        { "headerMatchers: [{key: param, patterns: [foo, bar], matchType: Exact}]", "GET", "/", "param=foo", true },
        { "headerMatchers: [{key: param, patterns: [foo, bar], matchType: Exact}]", "GET", "/", "param=bar", true },
        { "headerMatchers: [{key: param, patterns: [foo, bar], matchType: Exact}]", "POST", "/", "param=baz", false },
        { "queryMatchers: [{key: param, patterns: [foo, bar], matchType: Exact}]", "GET", "/?param=foo", null, true },
        { "queryMatchers: [{key: param, patterns: [foo, bar], matchType: Exact}]", "GET", "/?param=bar", null, true },
        { "queryMatchers: [{key: param, patterns: [foo, bar], matchType: Exact}]", "POST", "/?param=baz", null, false },
    };

    [Theory]
    [MemberData(nameof(Matchers))]
    public async Task Load_balancer_matchers_select_requests_as_in_AILERON(string matcher, string method, string target, string? header, bool served)
    {
        await using var upstream = await Upstream("ok", c => "test");
        await using var proxy = await TestProxy.StartAsync(Serve(Handler($$"""
            - pathMatcher: {match: /, matchType: Prefix}
              {{matcher}}
              upstreams: [{url: {{upstream.Url}}}]
            """)));
        using var request = new HttpRequestMessage(new HttpMethod(method), target);
        if (header?.Split('=') is [var name, var value])
        {
            if (name == "host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.Add(name, value);
            }
        }

        using var response = await proxy.Client.SendAsync(request);

        if (served)
        {
            Assert.Equal((HttpStatusCode.Redirect, "ok", "test"), (response.StatusCode, Header(response), await response.Content.ReadAsStringAsync()));
        }
        else
        {
            await AssertNotFound(response);
        }
    }

    [Fact]
    public async Task Several_path_matchers_are_tried_in_turn()
    {
        await using var upstream = await Upstream("ok", c => "test");
        await using var proxy = await TestProxy.StartAsync(Serve(Handler($$"""
            - pathMatchers:
                - {match: /foo, matchType: Prefix}
                - {match: /bar, matchType: Prefix}
              upstreams: [{url: {{upstream.Url}}}]
            """)));

        Assert.Equal(HttpStatusCode.Redirect, (await proxy.Client.GetAsync("/foo")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await proxy.Client.GetAsync("/bar")).StatusCode);
        await AssertNotFound(await proxy.Client.PostAsync("/baz", new StringContent("x")));
    }

    [Fact]
    public async Task The_handlers_own_pattern_feeds_path_param_matchers()
    {
        await using var upstream = await Upstream("ok", c => "test");
        await using var proxy = await TestProxy.StartAsync(Serve(
            "apiVersion: core/v1\nkind: ReverseProxyHandler\nspec:\n  patterns: [\"/test/{param}\"]\n  loadBalancers:\n" + TestConfig.Indent($$"""
            - pathMatcher: {match: /, matchType: Prefix}
              pathParamMatchers: [{key: param, patterns: [foo, bar], matchType: Exact}]
              upstreams: [{url: {{upstream.Url}}}]
            """, 4)));

        Assert.Equal(HttpStatusCode.Redirect, (await proxy.Client.GetAsync("/test/foo")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await proxy.Client.GetAsync("/test/bar")).StatusCode);
        await AssertNotFound(await proxy.Client.PostAsync("/test/baz", new StringContent("x")));
    }

    [Fact]
    public async Task The_grpc_config_carries_a_unary_call_to_an_h2c_upstream_through_its_HTTPClient()
    {
        await using var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Protocols = HttpProtocols.Http2,
            Services = services => services.AddGrpc(),
            Map = app => app.MapGrpcService<EchoService>(),
        });
        await using var proxy = await TestProxy.StartAsync(Serve(Handler($$"""
            - pathMatcher: {match: ".*", matchType: Regex}
              upstreams: [{url: "{{upstream.Url}}"}]
            """).Replace("spec:\n", "spec:\n  roundTripper: {apiVersion: core/v1, kind: HTTPClient, name: default}\n", StringComparison.Ordinal)
            + "---\napiVersion: core/v1\nkind: HTTPClient\nmetadata: {name: default}\nspec:\n  http2TransportConfig: {allowHTTP: true}\n"));
        using var channel = GrpcChannel.ForAddress(proxy.BaseAddress, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { UseProxy = false } });

        var reply = await new Echo.EchoClient(channel).SayAsync(new EchoRequest { Text = "hello" });

        Assert.Equal("echo: hello", reply.Text);
    }

    /// <summary>An Entrypoint and an HTTPServer on 127.0.0.1:0 whose one handler refers to the ReverseProxyHandler in <paramref name="handlerYaml"/>.</summary>
    private static string Serve(string handlerYaml, string reference = "") => $$"""
        apiVersion: core/v1
        kind: Entrypoint
        spec:
          runners: [{apiVersion: core/v1, kind: HTTPServer}]
        ---
        apiVersion: core/v1
        kind: HTTPServer
        spec:
          addr: "127.0.0.1:0"
          virtualHosts:
            - handlers:
                - handler: {apiVersion: core/v1, kind: ReverseProxyHandler{{(reference.Length > 0 ? ", " + reference : string.Empty)}}}
        ---

        """ + handlerYaml;

    private static string Handler(string loadBalancers) =>
        "apiVersion: core/v1\nkind: ReverseProxyHandler\nspec:\n  loadBalancers:\n" + TestConfig.Indent(loadBalancers, 4) + "\n";

    /// <summary>An upstream that answers (302 unless told otherwise) with header <c>test: <paramref name="tag"/></c> and the body <paramref name="body"/> gives.</summary>
    private static Task<TestUpstream> Upstream(string tag, Func<HttpContext, string> body, int status = 302) => TestUpstream.StartAsync(c =>
    {
        c.Response.StatusCode = status;
        c.Response.Headers["test"] = tag;
        return c.Response.WriteAsync(body(c));
    });

    private static string Header(HttpResponseMessage response) =>
        response.Headers.TryGetValues("test", out var values) ? string.Join(',', values) : "-";

    private static async Task AssertNotFound(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(NotFound, await response.Content.ReadAsStringAsync());
    }
}
