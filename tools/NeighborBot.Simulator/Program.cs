using System.Globalization;
using System.Text.Json;
using NeighborBot.Conversations;
using NeighborBot.WeChat;

namespace NeighborBot.Simulator;

// Plays WeChat's side of the Official Account callback, and a group bridge's, so a person can chat
// with a running bot from a terminal as any openid, one to one or in a group. With no options it
// talks to the demo started by `dotnet run --project NeighborBot.Api`, reading the demo account and
// the demo bridge from its settings.

internal static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var options = SimulatorOptions.Parse(args);
        if (options is null)
        {
            Console.WriteLine(SimulatorOptions.Usage);
            return 2;
        }

        using var http = new HttpClient { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(10) };
        await using var api = options.ApiPort is { } apiPort ? await StartFakeApiAsync(apiPort) : null;
        await using var bridge = options.BridgePort is { } bridgePort && options.BridgeSecret is { } secret ? await StartFakeBridgeAsync(bridgePort, secret) : null;
        var session = new ChatSession(http, options, api);

        if (options.Say is { } line)
        {
            var ok = await session.RunAsync(line);
            if (api is not null || bridge is not null)
            {
                // The bot sends from a job, a moment after it answered.
                await Task.Delay(TimeSpan.FromSeconds(3));
            }

            return ok ? 0 : 1;
        }

        Console.WriteLine($"Talking to {options.Url}{session.WeChat.CallbackPath} as {session.OpenId} ({session.Mode}). Type /help for commands.");
        while (true)
        {
            Console.Write(session.Group is { } group ? $"{session.OpenId}@{group}> " : $"{session.OpenId}> ");
            var input = Console.ReadLine();
            if (input is null || input.Trim() is "/quit" or "/exit")
            {
                return 0;
            }

            if (input.Trim().Length > 0)
            {
                await session.RunAsync(input.Trim());
            }
        }
    }

    /// <summary>The fake WeChat API beside the chat: every message the bot sends is printed as it arrives.</summary>
    private static async Task<FakeWeChatApi> StartFakeApiAsync(int port)
    {
        var api = await FakeWeChatApi.StartAsync(port);
        api.Delivered += delivery => Console.WriteLine(Describe(delivery));
        api.Called += call =>
        {
            if (call.Endpoint != FakeEndpoint.StableToken && (call.Status != 200 || call.ErrCode != 0))
            {
                Console.WriteLine($"  ⇠ WeChat API refused a send to {call.OpenId}: {(call.Status != 200 ? "HTTP " + call.Status : "errcode " + call.ErrCode)}");
            }
        };
        Console.WriteLine($"Fake WeChat API on {api.BaseUrl}: the bot's WeChat:ApiBaseUrl must point here. Messages the bot sends are shown with ⇢.");
        return api;
    }

    /// <summary>The bridge's SendUrl beside the chat: what the bot says into groups is printed as it arrives.</summary>
    private static async Task<FakeBridge> StartFakeBridgeAsync(int port, string secret)
    {
        var bridge = await FakeBridge.StartAsync(secret, port);
        bridge.Posted += post => Console.WriteLine(
            $"  ⇢ [{post.Group}] 社区小助手{string.Concat(post.Mentions.Select(m => " @" + m))}: {post.Text}");
        Console.WriteLine($"Fake group bridge on {bridge.SendUrl}: the bot's Bridges:{{bridge}}:SendUrl must point here.");
        return bridge;
    }

    internal static string Describe(FakeDelivery delivery) => delivery.Channel == "custom"
        ? $"  ⇢ to {delivery.OpenId} (customer-service message): {delivery.Text}"
        : $"  ⇢ to {delivery.OpenId} (template {delivery.TemplateId}): {string.Join(" | ", delivery.Data.Select(d => $"{d.Key}={d.Value}"))}"
            + (delivery.Url is null ? string.Empty : $" → {delivery.Url}");
}

/// <summary>Command-line options; account values default to the demo account in the API's settings.</summary>
internal sealed record SimulatorOptions(string Url, string Account, string OpenId, DeliveryMode Mode, string Token, string AppId, string? AesKey, string? Say, int? ApiPort = null)
{
    /// <summary>The bridge group messages go through (<c>/group</c>), with its secret; from the demo settings unless given.</summary>
    public string Bridge { get; init; } = "demo";

    public string? BridgeSecret { get; init; }

    public int? BridgePort { get; init; }

    public const string Usage = """
        usage: dotnet run --project tools/NeighborBot.Simulator -- [options]
          --url URL          the bot (default http://localhost:5080)
          --account NAME     account in the callback route (default demo)
          --as OPENID        who is talking (default o_resident_001)
          --mode plain|compat|safe   delivery mode (default safe when the account has an EncodingAESKey)
          --token T --appid A --aeskey K   account values (default: read from NeighborBot.Api/appsettings.Development.json)
          --say "TEXT"       send one line (text or a /command) and exit
          --api-port PORT    also run a fake WeChat API on 127.0.0.1:PORT and print every message the bot
                             sends (start the bot with WeChat:ApiBaseUrl=http://127.0.0.1:PORT)
          --bridge NAME      the group bridge /group talks through (default demo)
          --bridge-secret S  its secret (default: read from NeighborBot.Api/appsettings.Development.json)
          --bridge-port PORT also run the bridge's SendUrl on 127.0.0.1:PORT/send and print what the bot
                             says into groups (start the bot with Bridges:NAME:SendUrl pointing there)
        """;

    public static SimulatorOptions? Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return null;
            }

            map[args[i][2..]] = args[++i];
        }

        var account = map.GetValueOrDefault("account", "demo");
        var demo = DemoSetting("WeChat", "Accounts", account)?.Deserialize<AccountSettings>();
        var bridge = map.GetValueOrDefault("bridge", "demo");
        var bridgeSecret = map.GetValueOrDefault("bridge-secret") ?? DemoSetting("Bridges", bridge, "Secret")?.GetString();
        var token = map.GetValueOrDefault("token") ?? demo?.Token;
        var appId = map.GetValueOrDefault("appid") ?? demo?.AppId;
        var aesKey = map.GetValueOrDefault("aeskey") ?? demo?.EncodingAESKey;
        if (token is null || appId is null)
        {
            Console.Error.WriteLine($"No token/appid for account '{account}': pass --token and --appid.");
            return null;
        }

        var mode = map.GetValueOrDefault("mode") switch
        {
            "plain" => DeliveryMode.Plaintext,
            "compat" => DeliveryMode.Compatible,
            "safe" => DeliveryMode.Safe,
            null => string.IsNullOrEmpty(aesKey) ? DeliveryMode.Plaintext : DeliveryMode.Safe,
            _ => (DeliveryMode?)null,
        };
        if (!TryPort(map, "api-port", out var apiPort) || !TryPort(map, "bridge-port", out var bridgePort))
        {
            return null;
        }

        if (bridgePort is not null && bridgeSecret is null)
        {
            Console.Error.WriteLine($"No secret for bridge '{bridge}': pass --bridge-secret.");
            return null;
        }

        return mode is null
            ? null
            : new SimulatorOptions(
                map.GetValueOrDefault("url", "http://localhost:5080"), account, map.GetValueOrDefault("as", "o_resident_001"),
                mode.Value, token, appId, aesKey, map.GetValueOrDefault("say"), apiPort)
            {
                Bridge = bridge,
                BridgeSecret = bridgeSecret,
                BridgePort = bridgePort,
            };
    }

    private static bool TryPort(Dictionary<string, string> map, string option, out int? port)
    {
        port = null;
        if (map.GetValueOrDefault(option) is not { } text)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 65535)
        {
            Console.Error.WriteLine($"--{option} needs a port number, not '{text}'.");
            return false;
        }

        port = value;
        return true;
    }

    private sealed record AccountSettings(string? AppId, string? Token, string? EncodingAESKey);

    /// <summary>A value of NeighborBot.Api/appsettings.Development.json by its path, or null.</summary>
    private static JsonElement? DemoSetting(params string[] path)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "NeighborBot.Api", "appsettings.Development.json");
            if (File.Exists(file))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                var at = doc.RootElement;
                foreach (var name in path)
                {
                    if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(name, out at))
                    {
                        return null;
                    }
                }

                return at.Clone();
            }
        }

        return null;
    }
}

/// <summary>One terminal conversation: turns typed lines into callbacks and prints what the bot answers.</summary>
internal sealed class ChatSession(HttpClient http, SimulatorOptions options, FakeWeChatApi? api = null)
{
    /// <summary>What the bot is called in groups; <c>@bot</c> in a typed line stands for it.</summary>
    public const string BotName = "社区小助手";

    private readonly MsgIdSource _ids = MsgIdSource.FromClock(DateTimeOffset.UtcNow);
    private readonly SimulatedBridge? _bridge = options.BridgeSecret is { } secret ? new SimulatedBridge(options.Bridge, secret) : null;
    private SignedCallback? _last;
    private bool _raw;

    public SimulatedWeChat WeChat { get; } = new(options.Account, options.Token, options.AppId, options.AesKey);
    public string OpenId { get; private set; } = options.OpenId;
    public DeliveryMode Mode { get; private set; } = options.Mode;

    /// <summary>The group being played (its name is its id), or null for the Official Account.</summary>
    public string? Group { get; private set; }

    /// <summary>Handles one typed line; false when the bot refused it or could not be reached.</summary>
    public async Task<bool> RunAsync(string line)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string xml;
        if (Group is { } group && !line.StartsWith('/'))
        {
            return await SayInGroupAsync(group, line);
        }

        if (!line.StartsWith('/'))
        {
            xml = CallbackMessages.Text(OpenId, now, _ids.Next(), line);
        }
        else
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            var rest = parts.Length > 1 ? parts[1] : string.Empty;
            switch (parts[0])
            {
                case "/help":
                    Console.WriteLine("""
                          any text           send it as a text message
                          /voice [TEXT]      a voice message; TEXT is what WeChat's recognition heard
                          /image [URL]       a photo
                          /location LAT LNG LABEL   a location picked in the chat
                          /gps LAT LNG       the phone's position (LOCATION event)
                          /subscribe [SCENE] follow, optionally through a QR code (household codes: hh:ID)
                          /scan SCENE        scan a QR code while following
                          /unsubscribe       unfollow
                          /click KEY         tap a menu button
                          /retry             send the last request again, as WeChat does after 5 s
                          /group NAME        talk in the group NAME through the bridge (@bot mentions the bot);
                                             /group alone goes back to the Official Account
                          /as OPENID         talk as someone else
                          /mode plain|compat|safe
                          /raw               show the raw request and response
                          /api 500|busy|slow|token   (with --api-port) make the fake WeChat API fail the next send:
                                             HTTP 500, errcode -1, an answer after 10 s, or revoke the access token
                          /api window OPENID close OPENID's 48 h customer-service window (45015); /api open OPENID reopens it
                          /api sent          list the messages the bot sent so far
                          /quit
                        """);
                    return true;
                case "/as" when rest.Length > 0:
                    OpenId = rest;
                    return true;
                case "/group" when rest.Length == 0:
                    Group = null;
                    Console.WriteLine("Back to the Official Account.");
                    return true;
                case "/group" when _bridge is null:
                    Console.WriteLine($"No secret for bridge '{options.Bridge}': pass --bridge-secret.");
                    return false;
                case "/group":
                    Group = rest;
                    Console.WriteLine($"In the group {rest} as {OpenId}, through bridge {options.Bridge}: @bot mentions the bot, #报修 starts a report.");
                    return true;
                case "/mode":
                    Mode = rest switch { "plain" => DeliveryMode.Plaintext, "compat" => DeliveryMode.Compatible, _ => DeliveryMode.Safe };
                    return true;
                case "/raw":
                    _raw = !_raw;
                    return true;
                case "/retry" when _last is not null:
                    return await PostAsync(_last);
                case "/api" when api is not null:
                    return Api(api, rest);
                case "/voice":
                    xml = CallbackMessages.Voice(OpenId, now, _ids.Next(), rest.Length > 0 ? rest : null);
                    break;
                case "/image":
                    xml = CallbackMessages.Image(OpenId, now, _ids.Next(), rest.Length > 0 ? rest : "https://example.invalid/photo.jpg");
                    break;
                case "/location" when TryCoordinates(rest, out var lat, out var lng, out var label):
                    xml = CallbackMessages.Location(OpenId, now, _ids.Next(), lat, lng, label);
                    break;
                case "/gps" when TryCoordinates(rest, out var lat, out var lng, out _):
                    xml = CallbackMessages.LocationEvent(OpenId, now, lat, lng);
                    break;
                case "/subscribe":
                    xml = CallbackMessages.Subscribe(OpenId, now, rest.Length > 0 ? rest : null);
                    break;
                case "/scan" when rest.Length > 0:
                    xml = CallbackMessages.Scan(OpenId, now, rest);
                    break;
                case "/unsubscribe":
                    xml = CallbackMessages.Unsubscribe(OpenId, now);
                    break;
                case "/click" when rest.Length > 0:
                    xml = CallbackMessages.Click(OpenId, now, rest);
                    break;
                default:
                    Console.WriteLine("Unknown command or missing argument; /help lists them.");
                    return false;
            }
        }

        _last = WeChat.Sign(xml, Mode, now);
        return await PostAsync(_last);
    }

    /// <summary>A line said in a group: posted by the bridge, mentioning the bot when it holds <c>@bot</c>; the answer printed as the bot's group message.</summary>
    private async Task<bool> SayInGroupAsync(string group, string line)
    {
        var text = line.Replace("@bot", "@" + BotName, StringComparison.OrdinalIgnoreCase);
        var message = _bridge!.Message(group, group, OpenId, OpenId, text, mentioned: text.Contains("@" + BotName, StringComparison.Ordinal));
        if (_raw)
        {
            Console.WriteLine($"POST {_bridge.Path}\n{JsonSerializer.Serialize(message, JsonSerializerOptions.Web)}");
        }

        BridgeResponse response;
        try
        {
            response = await _bridge.PostAsync(http, message);
        }
        catch (HttpRequestException ex)
        {
            Console.WriteLine($"(cannot reach {http.BaseAddress}: {ex.Message})");
            return false;
        }

        if (_raw)
        {
            Console.WriteLine($"{(int)response.Status} {response.Body}");
        }

        if (response.Answer is not { } answer)
        {
            Console.WriteLine($"(refused: HTTP {(int)response.Status})");
            return false;
        }

        Console.WriteLine(answer.Reply is { } reply ? $"  [{group}] {BotName} @{OpenId}: {reply}" : "(the bot stays quiet: not for it)");
        return true;
    }

    private async Task<bool> PostAsync(SignedCallback request)
    {
        if (_raw)
        {
            Console.WriteLine($"POST {request.PathAndQuery}\n{request.Body}");
        }

        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(request.PathAndQuery, new StringContent(request.Body, System.Text.Encoding.UTF8, "text/xml"));
        }
        catch (HttpRequestException ex)
        {
            Console.WriteLine($"(cannot reach {http.BaseAddress}: {ex.Message})");
            return false;
        }

        var body = await response.Content.ReadAsStringAsync();
        if (_raw)
        {
            Console.WriteLine($"{(int)response.StatusCode} {body}");
        }

        if (!response.IsSuccessStatusCode)
        {
            Console.WriteLine($"(refused: HTTP {(int)response.StatusCode})");
            return false;
        }

        var reply = WeChat.OpenReply(body);
        Console.WriteLine(reply is "success" or "" ? "(no reply)" : SimulatedWeChat.ReplyText(reply) ?? reply);
        return true;
    }

    private static bool Api(FakeWeChatApi api, string command)
    {
        var parts = command.Split(' ', 2, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        switch (parts.ElementAtOrDefault(0))
        {
            case "500":
                api.FailNext(FakeFault.Http500);
                break;
            case "busy":
                api.FailNext(FakeFault.SystemBusy);
                break;
            case "slow":
                api.FailNext(FakeFault.SlowAnswer(TimeSpan.FromSeconds(10)));
                break;
            case "token":
                api.RevokeTokens();
                break;
            case "window" when parts.Length > 1:
                api.CloseCustomServiceWindow(parts[1]);
                break;
            case "open" when parts.Length > 1:
                api.OpenCustomServiceWindow(parts[1]);
                break;
            case "sent":
                foreach (var delivery in api.Deliveries)
                {
                    Console.WriteLine(SimulatorProgram.Describe(delivery));
                }

                return true;
            default:
                Console.WriteLine("/api 500|busy|slow|token|window OPENID|open OPENID|sent");
                return false;
        }

        Console.WriteLine("(the fake WeChat API will do that)");
        return true;
    }

    private static bool TryCoordinates(string text, out double latitude, out double longitude, out string label)
    {
        var parts = text.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        label = parts.Length > 2 ? parts[2] : "地图上的位置";
        longitude = 0;
        return double.TryParse(parts.ElementAtOrDefault(0), NumberStyles.Float, CultureInfo.InvariantCulture, out latitude)
            & double.TryParse(parts.ElementAtOrDefault(1), NumberStyles.Float, CultureInfo.InvariantCulture, out longitude);
    }
}
