using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using NeighborBot.Simulator;
using NeighborBot.WeChat;
using NeighborBot.Wording;

namespace NeighborBot.LoadGen;

internal static class Commands
{
    private const long FirstNonce = 1_000_000_000;
    private const string OpenIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public static int Usage()
    {
        Console.Error.WriteLine("""
            usage: NeighborBot.LoadGen ports N
                   NeighborBot.LoadGen generate --out PREFIX --mode plain|safe --count N [--shards 2] [--senders 5000] [--seed 1]
                                               --token T --appid A --aeskey K [--account bench]
                   NeighborBot.LoadGen probe --url http://127.0.0.1:PORT --route /wechat/mp/bench --mode plain|safe
                                            --expect reply|success --token T --appid A --aeskey K [--account bench]
            """);
        return 2;
    }

    /// <summary>Prints free loopback ports; all are held until the last is found, so they differ.</summary>
    public static int Ports(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            Console.WriteLine(string.Join(' ', listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)));
            return 0;
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>
    /// Writes <c>--count</c> signed text messages split over <c>--shards</c> files (one per wrk
    /// thread). Each has a MsgId of its own, a sender drawn from <c>--senders</c> openids and a
    /// resident's text. Record: <c>"{pathBytes} {bodyBytes}\n" path body</c>, UTF-8.
    /// </summary>
    public static int Generate(LoadGenOptions options)
    {
        var prefix = options.Get("out");
        var count = options.GetInt("count", 100_000);
        var shards = options.GetInt("shards", 2);
        var seed = options.GetInt("seed", 1);
        var texts = options.Get("texts", "reports");
        var mode = options.Mode;
        var wechat = options.WeChat();
        var openIds = OpenIds(options.GetInt("senders", 5000), seed);
        var now = DateTimeOffset.UtcNow;
        var timestamp = now.ToUnixTimeSeconds();
        var firstMsgId = now.ToUnixTimeMilliseconds() * 1000;
        var stopwatch = Stopwatch.StartNew();
        var bytes = new long[shards];

        Parallel.For(0, shards, shard =>
        {
            var random = new Random(seed * 7919 + shard);
            using var file = new BufferedStream(File.Create($"{prefix}.{shard}"), 1 << 20);
            for (long i = shard; i < count; i += shards)
            {
                var xml = CallbackMessages.Text(openIds[random.Next(openIds.Length)], timestamp, firstMsgId + i, ResidentTexts.Next(random, texts));
                // A nonce of its own for each request: they share one timestamp, and the service refuses a
                // signed URL that comes again with another body (a random nonce would repeat now and then).
                var signed = wechat.Sign(xml, mode, timestamp, (FirstNonce + i).ToString(CultureInfo.InvariantCulture));
                var path = Encoding.UTF8.GetBytes(signed.PathAndQuery);
                var body = Encoding.UTF8.GetBytes(signed.Body);
                file.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{path.Length} {body.Length}\n")));
                file.Write(path);
                file.Write(body);
                bytes[shard] += path.Length + body.Length;
            }
        });

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} {mode} requests from {openIds.Length} senders in {shards} files {prefix}.*: {bytes.Sum() / count} bytes each on average, {stopwatch.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    /// <summary>
    /// Sends one fresh text message and checks the answer: <c>success</c> from the bare endpoint, or
    /// a text reply from the bot (in safe mode the encrypted envelope is checked and opened first).
    /// </summary>
    public static async Task<int> ProbeAsync(LoadGenOptions options)
    {
        var wechat = options.WeChat();
        var mode = options.Mode;
        var expect = options.Get("expect", "reply");
        var now = DateTimeOffset.UtcNow;
        var from = "o_probe_" + now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var xml = CallbackMessages.Text(from, now.ToUnixTimeSeconds(), now.ToUnixTimeMilliseconds() * 1000 + 999, "5号楼2单元门口的路灯不亮了，晚上很黑，麻烦来修一下");
        var signed = wechat.Sign(xml, mode, now.ToUnixTimeSeconds());
        var route = options.Get("route", wechat.CallbackPath);
        var pathAndQuery = route + signed.PathAndQuery[wechat.CallbackPath.Length..];

        using var http = new HttpClient { BaseAddress = new Uri(options.Get("url")), Timeout = TimeSpan.FromSeconds(10) };
        using var content = new StringContent(signed.Body, Encoding.UTF8, "text/xml");
        using var response = await http.PostAsync(new Uri(pathAndQuery, UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        var label = $"{route} {mode}";
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Console.WriteLine($"probe {label}: HTTP {(int)response.StatusCode} {body}");
            return 1;
        }

        if (expect == "success")
        {
            Console.WriteLine($"probe {label}: HTTP 200 \"{body}\"");
            return body == "success" ? 0 : 1;
        }

        try
        {
            var encrypted = body.Contains("<Encrypt>", StringComparison.Ordinal);
            var plain = wechat.OpenReply(body);
            var root = XElement.Parse(plain);
            var text = root.Element("Content")?.Value;
            var ok = root.Element("MsgType")?.Value == "text" && root.Element("ToUserName")?.Value == from && !string.IsNullOrEmpty(text);
            var firstLine = text?.Split('\n')[0];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"probe {label}: HTTP 200, {Encoding.UTF8.GetByteCount(body)} bytes, {(encrypted ? "encrypted envelope, MsgSignature checked, decrypted" : "plaintext XML")}; text reply to {from}, {Encoding.UTF8.GetByteCount(text ?? string.Empty)} bytes: \"{firstLine}…\""));
            return ok ? 0 : 1;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Xml.XmlException or NeighborBot.WeChat.WeChatProtocolException)
        {
            Console.WriteLine($"probe {label}: not a valid reply ({ex.Message}): {body}");
            return 1;
        }
    }

    /// <summary>Openid-shaped sender ids (28 characters, starting with 'o'), the same for the same seed.</summary>
    private static string[] OpenIds(int count, int seed)
    {
        var random = new Random(seed);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (ids.Count < count)
        {
            ids.Add(string.Create(28, random, static (span, r) =>
            {
                span[0] = 'o';
                for (var i = 1; i < span.Length; i++)
                {
                    span[i] = OpenIdAlphabet[r.Next(OpenIdAlphabet.Length)];
                }
            }));
        }

        return [.. ids];
    }
}
