#!/bin/sh
# bench/corpus.sh N M DIR — writes N realistic trip reports for the benchmark:
#   DIR/NNN-name/trip.txt          title metadata (number: 1..N), [goals], [overview],
#                                  [bullets], [facts] with a map, [schedule] (3-5 days),
#                                  [text] (3-6 paragraphs of 150-400 characters),
#                                  [photos] (M photos with captions), [closing]
#   DIR/NNN-name/photos/NN.jpg     M phone photos (4032x3024 / 3024x4032, 1.7-2.3 MB;
#                                  the report's photo K = (n-1) mod M + 1 carries
#                                  EXIF orientation 6)
#   DIR/NNN-name/photos/map.png    the map of the [facts] page
#
# Deterministic: the same N and M give byte-identical files (the text is chosen by a
# fixed PRNG seeded from the report's index; nothing depends on the clock, the locale
# or the machine).
#
# The photos are not generated per report: `out/poolgen` (bench/poolgen.c) draws a pool
# of 16 distinct photos and a map once (out/bench/pool, about 31 MB, a few seconds), and every
# report's photos are hard links into that pool (copies where a hard link is refused),
# so a corpus takes almost no disk of its own. Each report uses 8 different pool photos
# (for M <= 16), in an order that changes from report to report.
#
# Environment: BENCH_POOL (default out/bench/pool), POOLGEN (default out/poolgen,
# built with `make out/poolgen` when missing).
#
# DIR is written as DIR.tmp-PID and renamed into place when complete; DIR/.done then
# holds "N M". An existing DIR is replaced.
set -eu

usage() { echo "usage: sh bench/corpus.sh N M DIR   (N reports of M photos each, N <= 999)" >&2; exit 2; }
[ $# -eq 3 ] || usage
N=$1 M=$2 DIR=$3
case $N in ''|*[!0-9]*) usage ;; esac
case $M in ''|*[!0-9]*) usage ;; esac
[ "$N" -ge 1 ] && [ "$N" -le 999 ] && [ "$M" -ge 1 ] && [ "$M" -le 99 ] || usage

POOL=${BENCH_POOL:-out/bench/pool}
POOLGEN=${POOLGEN:-out/poolgen}

# --- the photo pool ------------------------------------------------------------
# (drawn again when poolgen is newer than the pool: its photos may have changed)
if [ ! -x "$POOLGEN" ]; then
    make -s out/poolgen >&2 || { echo "corpus.sh: cannot build $POOLGEN" >&2; exit 1; }
fi
if [ ! -f "$POOL/.done" ] || [ -n "$(find "$POOLGEN" -newer "$POOL/.done")" ]; then
    "$POOLGEN" "$POOL"
    : > "$POOL/.done"
fi

# --- the trip files --------------------------------------------------------------
TMP=$DIR.tmp-$$
rm -rf "$TMP"
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT INT TERM

# The awk program writes every TMP/NNN-name/trip.txt and prints, for the shell, one
# line per report: "NNN-name" then the pool file of each photo slot.
# LC_ALL=C: strings are bytes; characters are counted as bytes that are not UTF-8
# continuation bytes.
LC_ALL=C awk -v N="$N" -v M="$M" -v OUT="$TMP" '
function rnd(   ) { S = (S * 48271) % 2147483647; return S }
function pick(n) { return rnd() % n }
function chars(s,   t, k) { t = s; k = gsub(/[\200-\277]/, "", t); return length(s) - k }
function sub_city(s) { gsub(/@C/, CITY, s); gsub(/@P/, PREF, s); gsub(/@O/, OFFICE, s); return s }
# days since 1970-01-01 <-> y-m-d (proleptic Gregorian, Howard Hinnant'"'"'s algorithms)
function days(y, m, d,   era, yoe, doy, doe) {
    y -= (m <= 2); era = int((y >= 0 ? y : y - 399) / 400); yoe = y - era * 400
    doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
    doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
    return era * 146097 + doe - 719468
}
function ymd(z,   era, doe, yoe, y, doy, mp, d, m) {
    z += 719468; era = int((z >= 0 ? z : z - 146096) / 146097); doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
    m = mp + (mp < 10 ? 3 : -9); y += (m <= 2)
    Y = y; MO = m; D = d
    return sprintf("%04d-%02d-%02d", y, m, d)
}
# a paragraph of at least lo and about target characters (never past 400) of sentences
# (a sentence already used in the report is taken again only when no other fits)
function paragraph(target,   p, s, tries, n) {
    p = ""
    for (tries = 0; tries < 400; tries++) {
        n = pick(NSENT)
        if (USED[n] && tries < 300) continue
        s = sub_city(SENT[n])
        if (index(p, s) || chars(p) + chars(s) > 400) continue
        USED[n] = 1
        if (chars(p) >= 150 && chars(p) + chars(s) > target) break
        p = p s
        if (chars(p) >= target) break
    }
    return p
}
BEGIN {
    # prefecture | city | romaji | office
    split("北海道|帯広市|obihiro|帯広市役所;青森県|弘前市|hirosaki|弘前市役所;岩手県|遠野市|tono|遠野市役所;" \
          "宮城県|気仙沼市|kesennuma|気仙沼市役所;秋田県|横手市|yokote|横手市役所;山形県|鶴岡市|tsuruoka|鶴岡市役所;" \
          "福島県|会津若松市|aizuwakamatsu|会津若松市役所;茨城県|つくば市|tsukuba|つくば市役所;栃木県|日光市|nikko|日光市役所;" \
          "群馬県|前橋市|maebashi|前橋市役所;埼玉県|秩父市|chichibu|秩父市役所;千葉県|館山市|tateyama|館山市役所;" \
          "東京都|八王子市|hachioji|八王子市役所;神奈川県|小田原市|odawara|小田原市役所;新潟県|佐渡市|sado|佐渡市役所;" \
          "富山県|南砺市|nanto|南砺市役所;石川県|加賀市|kaga|加賀市役所;福井県|鯖江市|sabae|鯖江市役所;" \
          "山梨県|富士吉田市|fujiyoshida|富士吉田市役所;長野県|松本市|matsumoto|松本市役所;岐阜県|高山市|takayama|高山市役所;" \
          "静岡県|掛川市|kakegawa|掛川市役所;愛知県|岡崎市|okazaki|岡崎市役所;三重県|伊勢市|ise|伊勢市役所;" \
          "滋賀県|長浜市|nagahama|長浜市役所;京都府|舞鶴市|maizuru|舞鶴市役所;大阪府|堺市|sakai|堺市役所;" \
          "兵庫県|豊岡市|toyooka|豊岡市役所;奈良県|五條市|gojo|五條市役所;和歌山県|田辺市|tanabe|田辺市役所;" \
          "鳥取県|倉吉市|kurayoshi|倉吉市役所;島根県|松江市|matsue|松江市役所;岡山県|倉敷市|kurashiki|倉敷市役所;" \
          "広島県|尾道市|onomichi|尾道市役所;山口県|萩市|hagi|萩市役所;徳島県|神山町|kamiyama|神山町役場;" \
          "香川県|三豊市|mitoyo|三豊市役所;愛媛県|西条市|saijo|西条市役所;高知県|四万十市|shimanto|四万十市役所;" \
          "福岡県|糸島市|itoshima|糸島市役所;佐賀県|武雄市|takeo|武雄市役所;長崎県|五島市|goto|五島市役所;" \
          "熊本県|天草市|amakusa|天草市役所;大分県|別府市|beppu|別府市役所;宮崎県|日南市|nichinan|日南市役所;" \
          "鹿児島県|霧島市|kirishima|霧島市役所;沖縄県|石垣市|ishigaki|石垣市役所", PL, ";")
    NPL = 0; for (k in PL) NPL++

    NSENT = split("@Cは@Pの中でも歴史ある町並みが残るまちで、駅を降りた瞬間から落ち着いた空気を感じました。;" \
        "@Oの皆さまには、到着したその日から温かく迎えていただき、庁内のさまざまな部署をご案内いただきました。;" \
        "窓口では番号札と受付管理システムが導入されており、待ち時間の見える化が進んでいました。;" \
        "職員の皆さまとの意見交換では、紙とハンコをどう減らしていくかという話題で大いに盛り上がりました。;" \
        "テレワーク用の端末は持参したノートパソコン一台だけでしたが、宿でも移動中でも問題なく仕事ができました。;" \
        "ただし、山あいの区間では携帯電話の電波が途切れることがあり、オンライン会議の時間には気を遣いました。;" \
        "夜は地元の方々が集まる小さなお店に連れて行っていただき、まちづくりの本音をたくさん伺いました。;" \
        "住民の方々との交流会では、子育て世代から高齢の方まで幅広い世代が参加され、熱心な質問が続きました。;" \
        "庁舎の会議室はフリーアドレスに改修されており、部署をまたいだ打ち合わせが自然に生まれているようでした。;" \
        "電子申請の件数は昨年度の倍になったとのことで、職員の皆さまの地道な周知の成果だと感じました。;" \
        "一方で、基幹系システムの標準化に向けた作業は山場を迎えており、担当の方は大変お忙しそうでした。;" \
        "行政の抱える課題はどこでもいっしょで、人と人とをつなぐことが何よりも大切だと改めて思いました。;" \
        "朝は少し早起きをして、まちの中心部を歩いてみました。;" \
        "川沿いの遊歩道は地元の方の散歩道になっていて、すれ違う方が皆さん挨拶をしてくださいました。;" \
        "昼休みには市場を案内していただき、季節の魚と野菜の豊かさに驚きました。;" \
        "観光案内所ではキャッシュレス決済とオープンデータを使った案内アプリの実証が行われていました。;" \
        "磐梯町の取り組みを紹介したところ、クラウド化の進め方について具体的な質問をたくさんいただきました。;" \
        "特に、庁内の合意をどのように取り付けたのかという点に関心が集まりました。;" \
        "私たちも最初から順調だったわけではなく、小さな成功を一つずつ積み重ねてきたことをお話ししました。;" \
        "研修の後半はグループワークとし、各課の業務から紙の手続きを一つ選んでデジタル化の道筋を考えました。;" \
        "どのグループも短い時間で驚くほど具体的な案をまとめられ、職員の皆さまの力の大きさを感じました。;" \
        "移動は鉄道とバスを乗り継いで片道八時間ほどかかりましたが、車内では資料作りがはかどりました。;" \
        "宿に着いてからは、磐梯町の決裁を三件処理し、翌日の講演の準備をしました。;" \
        "勤務時間の記録は今回も問題なく、どこにいても同じように働けることを確かめられました。;" \
        "@Cの皆さまとは、今後もオンラインで定期的に情報交換を続けていくことを約束しました。;" \
        "次は@Cの職員の方に磐梯町へお越しいただき、私たちの職場をご覧いただく予定です。;" \
        "地域の課題を解くのは結局のところ人であり、その人と人とのつながりこそが財産だと思います。;" \
        "最終日の朝は雨でしたが、見送りに来てくださった方々の笑顔に元気をいただきました。;" \
        "図書館と公民館が一体になった複合施設では、平日の昼間にも多くの市民が集っていました。;" \
        "施設の予約はすべてオンラインで完結し、鍵の受け渡しもスマートロックで行われているそうです。;" \
        "農業の担い手不足については、ドローンを使った散布の共同利用という取り組みを伺いました。;" \
        "防災の担当の方からは、避難所の開設状況を地図で公開する仕組みについて詳しく教えていただきました。;" \
        "どの取り組みも、住民の方の困りごとから出発しているところが印象的でした。;" \
        "視察の合間には、地元の高校生が運営するカフェにも立ち寄りました。;" \
        "高校生の皆さんは、まちの魅力をどう発信するかを真剣に考えていて、頼もしく感じました。;" \
        "このまちで出会った方々の言葉を、磐梯町に持ち帰ってしっかり共有したいと思います。", SENT, ";")
    for (k = 1; k <= NSENT; k++) SENT[k - 1] = SENT[k]

    NFACT = split("城下町の名残が残る街並みが印象的。;県内有数の歴史あるまち。;海と山に囲まれ、四季の景色が美しい。;" \
        "温泉と食が自慢で、観光客も多い。;伝統工芸が今も受け継がれている。;近年は移住者が増えている。;" \
        "鉄道の駅を中心にコンパクトにまとまったまち。", FACT, ";")
    NSUB = split("庁内のデジタル化の現場を訪ねて;職員研修会での講演;意見交換会 ～悩みはどこでもいっしょ～;" \
        "住民の方々との交流;まちを歩いて感じたこと;テレワークの実際;これからの連携に向けて", SUBS, ";")
    NACT = split("市役所 (職員研修会);市役所 (意見交換会);庁内見学;住民交流会;施設視察;モバイルワーク;" \
        "市役所 (講演);地域団体訪問", ACT, ";")
    # captions of the pool photos bench-01 .. bench-16 (@C: the city)
    split("@C役所（右側建築中）;1階のひろびろとした市民窓口\n  受付管理システムも導入;" \
        "新庁舎半分完成なので\n  暫定的配置;明るい市民利用スペース;議場;歴史文化紹介コーナー;" \
        "議場にはお子様連れ用個室傍聴席も;@Cで見た日の出;庁舎の正面;番号札の発券機と呼出表示;" \
        "仮設の案内表示;利用スペースの一角;議場の傍聴席から;展示ケースの古文書;傍聴席の窓から;" \
        "城址の木々の向こうに昇る朝日", CAP, ";")
    NBUL = split("テレワークに適した業務とそうでない業務がある|窓口・現場のある業務はテレワークが難しい|" \
        "企画・資料作成はどこでもできる;紙とハンコ、電話の問題|解消するにはお金と、もう少し時間がかかる|" \
        "オフィス改革・働き方改革として解決を目指す;職員の意識|テレワークという選択肢があるという認識が定着|" \
        "しかし、当たり前にテレワークという雰囲気はまだない;通信環境|移動中の電波は区間によって不安定|" \
        "宿のWi-Fiは概ね問題なし;勤務時間の管理|時間が不規則になり早朝の仕事が増える|記録はクラウドで問題なく行えた;" \
        "持ち物|ノートパソコン一台とモバイルルーターで足りる|紙の資料は持たずに済んだ", BUL, ";")

    # photos: pool 04 carries EXIF 6 and goes into every report; the other 15 rotate
    n_other = 0
    for (k = 1; k <= 16; k++) if (k != 4) OTHER[n_other++] = sprintf("bench-%02d.jpg", k)

    start0 = days(2024, 4, 8)
    for (i = 1; i <= N; i++) {
        S = (i * 7919 + 12345) % 2147483647; for (k = 0; k < 8; k++) rnd()
        for (k = 0; k < NSENT; k++) USED[k] = 0
        split(PL[(i - 1) % NPL + 1], f, "|")
        PREF = f[1]; CITY = f[2]; OFFICE = f[4]
        name = sprintf("%03d-%s", i, f[3])
        dir = OUT "/" name
        system("mkdir -p \"" dir "/photos\"")
        file = dir "/trip.txt"
        ndays = 3 + (i % 3)
        first = start0 + (i - 1) * 9 + (i % 4)
        p_from = ymd(first); p_to = ymd(first + ndays - 1)
        rdate = ymd(first + ndays - 1 + 7 + (i % 5))

        printf "# 旅する公務員 第%d弾 %s%s（ベンチマーク用に生成）\n\n", i, PREF, CITY > file
        printf "series: 旅する公務員\nnumber: %d\nplace: %s%s\nperiod: %s .. %s\n", i, PREF, CITY, p_from, p_to > file
        printf "traveler: デジタル変革戦略室 室長 小野広暁\norganization: 磐梯町役場\nauthor: 小野広暁\ndate: %s\n\n", rdate > file

        print "[goals]\nheading: 「旅する公務員」の目的" > file
        print "goal: 「A面」的 目的\ntext:\n  磐梯町役場の情報システムクラウド化により\n  テレワーク環境が整ったことから" > file
        print "  磐梯町と交流のある自治体に職員を派遣し\n  実際に旅をしながらテレワークをすることで生じる問題を顕在化させ" > file
        print "  ひとつひとつ障壁を解消していく。" > file
        print "goal: 「B面」的 目的\ntext:\n  自治体間の交流を推進し\n  互いの先進事例を共有することにより\n  地域課題の解決を図る。" > file
        print "goal: 「ボーナストラック」的 目的\ntext:\n  先方自治体の職員の方ばかりではなく\n  関係者や団体の方々" > file
        print "  なにより住民の方々と\n  昼夜分かたず楽しく交流し お友達になる。\n" > file

        printf "[overview]\nheading: 「旅する公務員」 第%d弾の概要\nfact: 訪問先 | %s\nfact: 移動 | 鉄道・バス (片道約%d時間)\n\n", \
            i, OFFICE, 4 + pick(6) > file

        print "[bullets]\nheading: 「A面」的 目的について考える\nsubheading: 毎度おなじみ\nlist:" > file
        b0 = pick(NBUL)
        for (k = 0; k < 3; k++) {
            nb = split(BUL[(b0 + k) % NBUL + 1], bl, "|")
            print "  - " bl[1] > file
            for (j = 2; j <= nb; j++) print "    - " bl[j] > file
        }
        print "" > file

        area = 80 + pick(1100); area_c = pick(100)
        pop = 15000 + pick(480000)
        printf "[facts]\nheading: 「B面」的 目的について報告①\nimage: photos/map.png\ncredit: OpenStreetMap\n" > file
        printf "alt: %s%sの中心部の地図\ntitle: %s **%s**\n", PREF, CITY, PREF, CITY > file
        printf "fact: 面積 | %d.%02dkm²\nfact: 人口 | %d,%03d人 (%04d.%02d.01)\ntext:\n", area, area_c, int(pop / 1000), pop % 1000, Y, MO > file
        f0 = pick(NFACT)
        printf "  %sの%s。\n  %s\n\n  %s\n\n  %s\n\n", PREF, (i % 2 ? "中核的なまち" : "自然豊かなまち"), \
            FACT[f0 + 1], FACT[(f0 + 1) % NFACT + 1], FACT[(f0 + 2) % NFACT + 1] > file

        print "[schedule]\nheading: 「B面」 的 目的について報告②\ncolumns: 月日 | AM | PM | 宿泊" > file
        for (d = 0; d < ndays; d++) {
            day = ymd(first + d)
            if (d == 0) { am = "移動 (モバイルワーク)"; pm = "移動 (モバイルワーク)" }
            else if (d == ndays - 1) { am = ACT[pick(NACT) + 1]; pm = "移動 (モバイルワーク)" }
            else { a = pick(NACT); am = ACT[a + 1]; pm = ACT[(a + 1 + pick(NACT - 1)) % NACT + 1] }
            sub(/^市役所/, CITY "役所", am); sub(/^市役所/, CITY "役所", pm)
            printf "row: %s | %s | %s | %s\n", day, am, pm, (d == ndays - 1 ? "—" : CITY "内") > file
        }
        printf "subheading: 「旅する公務員」 %sへ\ntext:\n  %s\n\n  %s\n\n", CITY, sub_city(SENT[21]), sub_city(SENT[22 + pick(2)]) > file

        print "[text]\nheading: 「B面」的 目的について報告③" > file
        npara = 3 + (i * 7) % 4                  # 3..6 paragraphs
        nsub = 1 + (i % 3)                       # under 1..3 subheadings
        s0 = pick(NSUB)
        for (k = 0; k < npara; k++) {
            g = int(k * nsub / npara)
            if (k == 0 || g != int((k - 1) * nsub / npara))
                printf "subheading: %s\ntext:\n", SUBS[(s0 + g) % NSUB + 1] > file
            else
                print "" > file
            target = 150 + (i * 131 + k * 97) % 251   # 150..400
            print "  " paragraph(target) > file
        }
        print "" > file

        print "[photos]\nheading: 「B面」的 目的について報告④" > file
        exif = (i - 1) % M
        line = name
        for (k = 0; k < M; k++) {
            pf = (k == exif) ? "bench-04.jpg" : OTHER[((i - 1) * 7 + k - (k > exif)) % n_other]
            line = line " " pf
            printf "photo: photos/%02d.jpg\n", k + 1 > file
            cap = sub_city(CAP[substr(pf, 7, 2) + 0])
            if (index(cap, "\n")) printf "caption:\n  %s\n", cap > file
            else printf "caption: %s\n", cap > file
            if (k == M - 1) printf "alt: %sで撮影した写真 (%d枚目)\n", CITY, k + 1 > file
        }
        print line

        printf "\n[closing]\nmark: 以上\ntitle:\n  「旅する公務員」第%d弾\n  %s%s\ntext: 報告を終わります。\n", i, PREF, CITY > file
        print "signature:\n  磐梯町役場\n  デジタル変革戦略室\n  室長 小野 広暁" > file
        close(file)
    }
}' > "$TMP/.plan"

# --- the photos: hard links into the pool ---------------------------------------
link() { ln "$1" "$2" 2>/dev/null || cp "$1" "$2"; }
while read -r name files; do
    mkdir -p "$TMP/$name/photos"
    link "$POOL/bench-map.png" "$TMP/$name/photos/map.png"
    k=0
    for f in $files; do
        k=$((k + 1))
        link "$POOL/$f" "$TMP/$name/photos/$(printf %02d "$k").jpg"
    done
done < "$TMP/.plan"
rm -f "$TMP/.plan"
echo "$N $M" > "$TMP/.done"

rm -rf "$DIR"
mv "$TMP" "$DIR"
trap - EXIT INT TERM
