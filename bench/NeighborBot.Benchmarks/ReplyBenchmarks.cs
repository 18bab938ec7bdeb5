using BenchmarkDotNet.Attributes;
using NeighborBot.WeChat;

namespace NeighborBot.Benchmarks;

/// <summary>
/// The passive reply: a text of about 300 UTF-8 bytes of Chinese (like the bot's help text) written
/// as reply XML, then sealed for safe mode (AES encrypt, Base64, msg_signature, envelope) as
/// <see cref="WeChatCallback.Seal"/> does.
/// </summary>
[MemoryDiagnoser]
public class ReplyBenchmarks
{
    private readonly WeChatAccount _account = BenchAccount.Account;
    private readonly string _answer = BenchAccount.ReplyText;
    private string _xml = string.Empty;

    [GlobalSetup]
    public void Setup() => _xml = RenderText();

    [Benchmark(Description = "reply: render text XML")]
    public string RenderText() =>
        ReplyXml.Text(BenchAccount.OpenId, "gh_neighborbot", BenchAccount.Timestamp, _answer);

    [Benchmark(Description = "reply: AES encrypt")]
    public string Encrypt() => _account.Crypto!.Encrypt(_xml);

    [Benchmark(Description = "reply: render+encrypt+sign envelope")]
    public string RenderAndSeal() =>
        ReplyXml.Encrypted(_account.Crypto!.Encrypt(RenderText()), _account.Token, BenchAccount.TimestampText, BenchAccount.Nonce);
}
