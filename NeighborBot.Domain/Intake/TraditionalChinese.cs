namespace NeighborBot.Intake;

/// <summary>
/// Traditional characters and their simplified forms, so that a resident who writes 「樓道燈壞了」 is read as one who
/// writes 「楼道灯坏了」 by the rules and the model alike (both were written and trained in simplified characters).
/// Character by character, for the 617 characters a resident's message is likely to hold: homes and buildings,
/// repairs, water, power, gas and fire, money and scams, family, health and the common words around them. We wrote
/// the list; a character it lacks stays as typed (the model still reads the rest of the message).
/// </summary>
internal static class TraditionalChinese
{
    /// <summary>The first and last character the table covers (the CJK Unified Ideographs block).</summary>
    private const char First = '\u4E00';
    private const char Last = '\u9FFF';

    /// <summary>Pairs of characters: traditional, then simplified.</summary>
    private const string Pairs =
        "乾干亂乱佔占來来係系個个們们偉伟備备傳传債债傷伤價价億亿償偿兇凶兒儿兩两冊册凍冻刪删劃划劇剧劉刘劑剂動动務务勝胜勞劳勢势勵励匯汇區区協协厲厉參参叢丛吳吴員员問问" +
        "啓启啟启喚唤單单嗎吗噸吨嚇吓嚴严國国圍围園园圖图團团執执堅坚報报場场塊块塗涂塵尘墊垫墜坠壓压壞坏壩坝壯壮壺壶夠够奪夺婦妇媽妈孃娘孫孙學学實实寧宁審审寫写寬宽寶宝" +
        "對对導导屆届屍尸層层屬属岡冈嶺岭帥帅師师帳账幣币幫帮幹干幾几庫库廁厕廈厦廚厨廢废廣广廳厅張张強强彈弹彎弯後后從从徵征愛爱態态慣惯慶庆憂忧憶忆應应懷怀戀恋戰战戲戏" +
        "戶户掃扫掛挂揀拣換换損损搖摇搶抢撐撑撲扑擁拥擊击擋挡擔担據据擠挤擴扩擺摆擾扰攔拦攤摊數数斷断於于時时暈晕暫暂曆历書书會会東东條条棄弃棟栋楊杨業业構构樂乐樓楼標标" +
        "樣样樹树橋桥機机檢检檯台櫃柜欄栏權权歡欢歲岁歷历歸归殘残殺杀殼壳氣气決决沒没洩泄淨净測测湯汤準准溝沟滅灭滬沪滲渗滿满漁渔漢汉漲涨潑泼潔洁潛潜澇涝濃浓濕湿濟济濤涛" +
        "灑洒灘滩灣湾災灾為为無无煙烟煩烦熱热燈灯燒烧燙烫營营燭烛爐炉爛烂爭争爲为爺爷牆墙犧牺狀状獄狱獎奖獨独現现瑪玛環环產产畢毕畫画異异當当療疗癢痒發发盜盗盞盏盡尽盤盘" +
        "盧卢眾众確确碼码磚砖礙碍禍祸禮礼稅税種种積积穢秽穩稳窮穷竄窜竊窃筆笔筍笋節节簡简籬篱糞粪糧粮糾纠紀纪約约紅红納纳紙纸紛纷終终組组結结絕绝絡络給给統统絲丝綁绑經经" +
        "綜综綠绿維维網网緊紧緒绪線线緣缘練练縣县縫缝縮缩縱纵總总績绩織织繞绕繩绳繫系繳缴繼继續续纜缆罰罚罵骂羅罗羨羡義义習习聖圣聞闻聯联聲声職职聽听脅胁腦脑腫肿腳脚膽胆" +
        "臉脸臥卧臺台興兴舉举舊旧艱艰莊庄華华萬万葉叶蓋盖蔣蒋藍蓝藝艺藥药蘆芦蘇苏蘋苹蘭兰處处號号虧亏蝦虾螢萤蟲虫蠅蝇衛卫衝冲裏里補补裝装裡里複复見见視视親亲覺觉覽览觀观" +
        "觸触訂订計计訊讯討讨訓训記记訟讼設设許许訴诉診诊詐诈評评詢询試试詩诗話话該该認认語语誠诚誤误說说誰谁課课誼谊調调談谈請请諒谅論论諮咨謀谋謊谎講讲謝谢證证識识譯译" +
        "議议護护讀读變变讓让讚赞豐丰豬猪貓猫貝贝負负貧贫貨货販贩責责貴贵買买貸贷費费貼贴貿贸資资賓宾賞赏賠赔賣卖質质賬账賴赖贈赠贊赞趕赶趙赵趨趋跡迹踐践蹤踪躍跃車车軌轨" +
        "軍军軟软較较載载輕轻輛辆輪轮輸输轄辖轉转辦办辭辞農农這这連连週周進进運运過过達达遞递遠远適适遲迟遷迁選选遺遗還还邊边郵邮鄉乡鄧邓鄭郑鄰邻醜丑醫医釋释釘钉針针鈴铃" +
        "鉛铅銀银銅铜銷销鋁铝鋪铺鋼钢錄录錢钱錫锡錯错錶表鍊炼鍋锅鍵键鎖锁鎮镇鏈链鏡镜鐘钟鐵铁鑰钥鑽钻長长門门閃闪閉闭開开閒闲間间閘闸閣阁閥阀閩闽閱阅闆板闊阔闖闯關关陣阵" +
        "陰阴陳陈陸陆陽阳隊队際际隨随險险隱隐隸隶隻只雖虽雙双雜杂雞鸡離离難难雲云電电霧雾靈灵靜静韌韧韓韩響响頁页頂顶項项順顺須须預预頓顿頗颇領领頭头頸颈頻频顆颗題题額额" +
        "顏颜願愿類类顧顾顯显風风颱台颳刮飄飘飛飞飯饭飲饮飽饱飾饰養养餓饿餘余館馆馬马馮冯駐驻騎骑騙骗騰腾驅驱驗验驚惊驟骤髒脏體体髮发鬆松鬍胡鬚须鬥斗鬧闹鬱郁魚鱼魯鲁鮮鲜" +
        "鳥鸟鳳凤鳴鸣鹽盐麗丽麥麦麵面麼么黃黄點点黨党黴霉齊齐齒齿齡龄龍龙龜龟";

    /// <summary>For each character of the block, its simplified form, or '\0' when it has none of its own.</summary>
    private static readonly char[] Simplified = Build();

    /// <summary>
    /// A bit per character of the block, set when it has a simplified form (2.6 KB): most characters of a message have
    /// none, and a message read after its caches were emptied finds this in far fewer cache lines than the table (42 KB).
    /// </summary>
    private static readonly ulong[] HasSimplified = BuildBits();

    /// <summary>The simplified form of <paramref name="c"/>; <paramref name="c"/> itself when it is simplified already or not Chinese.</summary>
    public static char ToSimplified(char c) =>
        c is >= First and <= Last && (HasSimplified[(c - First) >> 6] & (1UL << (c - First))) != 0 && Simplified[c - First] is not '\0' and var s ? s : c;

    /// <summary><paramref name="text"/> with every traditional character it holds in its simplified form.</summary>
    public static string ToSimplified(string text) => string.Create(text.Length, text, static (span, s) =>
    {
        for (var i = 0; i < s.Length; i++)
        {
            span[i] = ToSimplified(s[i]);
        }
    });

    private static ulong[] BuildBits()
    {
        var bits = new ulong[((Last - First) >> 6) + 1];
        for (var i = 0; i < Simplified.Length; i++)
        {
            if (Simplified[i] != '\0')
            {
                bits[i >> 6] |= 1UL << i;
            }
        }

        return bits;
    }

    private static char[] Build()
    {
        var table = new char[Last - First + 1];
        for (var i = 0; i + 1 < Pairs.Length; i += 2)
        {
            table[Pairs[i] - First] = Pairs[i + 1];
        }

        return table;
    }
}
