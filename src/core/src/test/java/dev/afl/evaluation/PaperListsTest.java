package dev.afl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.TestData;
import dev.afl.catalog.ItemCatalog;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.UserSimulationProtocol.Ratio;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The paper's candidate lists drawn in Java equal the ones CPython 3.11 draws from the same reference splits. The
 * expected values come from this script (run with python3 3.11 from the project root's parent; the lists are item
 * indices, i.e. catalog positions; a fingerprint is the sha256 of one line per case):
 *
 * <pre>{@code
 * import random, json, hashlib
 * D = 'shared/data/reference-splits/'
 * def rows(ds, split): return [json.loads(l) for l in open(D + ds + '/' + split + '.jsonl')]
 * def n_items(ds): return sum(1 for _ in open(D + ds + '/items.jsonl'))
 * def recommendation(ds, split='test'):
 *     n = n_items(ds); random.seed(303); out = []
 *     for r in rows(ds, split):
 *         h = r['history']
 *         if len(h) < 3: continue
 *         c = random.sample([i for i in range(n) if i not in h and i != r['next']], 19) + [r['next']]
 *         random.shuffle(c); out.append((r['row'], c))
 *     return out
 * def usersim_lastfm(pos, neg):
 *     random.seed(303); out = []
 *     for u in [json.loads(l) for l in open(D + 'lastfm/usersim.jsonl')]:
 *         al, fl = u['recent'], u['all']; init = len(al) - 10; nxt = al[init - 1]
 *         c = random.sample([i for i in range(4606) if i not in fl], 19) + [nxt]; random.shuffle(c)
 *         e = random.sample([i for i in range(4606) if i not in fl and i not in c], neg) + al[init:init + pos]
 *         random.shuffle(e); out.append((u['user'], c, e))
 *     return out
 * def usersim_rows(ds, per_positive, split='test'):
 *     n = n_items(ds); random.seed(303); out = []
 *     for r in rows(ds, split):
 *         h = r['history'][-10:]
 *         if len(h) < 3: continue
 *         full = r['history'] + [r['next']]
 *         c = random.sample([i for i in range(n) if i not in full], 19) + [h[-1]]; random.shuffle(c)
 *         e = random.sample([i for i in range(n) if i not in full and i not in c], per_positive) + [r['next']]
 *         random.shuffle(e); out.append(('row%d' % r['row'], c, e))
 *     return out
 * def digest(lines): return hashlib.sha256(''.join(l + '\n' for l in lines).encode()).hexdigest()
 * def line(key, *lists): return str(key) + ':' + '|'.join(','.join(map(str, l)) for l in lists)
 * for ds in ('lastfm', 'movielens', 'steam'):
 *     L = recommendation(ds); print(ds, len(L), digest([line(r, c) for r, c in L]), [line(r, c) for r, c in L[:2]])
 * print('lastfm valid', digest([line(r, c) for r, c in recommendation('lastfm', 'valid')]))
 * for pos, neg in ((10, 10), (5, 15), (2, 18)):
 *     U = usersim_lastfm(pos, neg); print('usersim', pos, neg, len(U), digest([line(u, c, e) for u, c, e in U]), line(*U[0]))
 * for k in (1, 3, 9):
 *     R = usersim_rows('movielens', k); print('ml usersim', k, len(R), digest([line(u, c, e) for u, c, e in R]), line(*R[0]))
 * }</pre>
 *
 * The same lists drawn from the original pickles with the loaders' own code ({@code Test_data.df}, {@code id2name.txt},
 * {@code u.item}, {@code test_llara.pkl}) are identical to these.
 */
class PaperListsTest {

    private static final ReferenceSplitImporter IMPORTER = new ReferenceSplitImporter(TestData.location());
    private static final Dataset LASTFM = IMPORTER.load(KnownDataset.LASTFM);
    private static final Dataset MOVIELENS = IMPORTER.load(KnownDataset.MOVIELENS);

    @Test
    void lastFmRecommendationListsAreCPythons() {
        List<EvaluationCase> cases = EvaluationProtocol.PAPER.paperCases(LASTFM, Split.TEST);
        assertThat(cases).hasSize(122);
        List<String> lines = recommendationLines(LASTFM.catalog(), cases);
        assertThat(lines.subList(0, 2)).containsExactly(
                "0:3269,4044,578,730,3211,1298,4336,1001,2126,1138,2108,1603,4236,265,759,1974,3363,4462,261,3880",
                "1:1507,1437,2226,1161,592,4052,4543,777,1056,2898,1018,3086,315,2241,173,3982,2266,600,1392,2653");
        assertThat(sha256(lines)).isEqualTo("9f0527822f8107e8537c278822a01851ccd39617b72739763729405b8dd5740a");
        assertThat(sha256(recommendationLines(LASTFM.catalog(), EvaluationProtocol.PAPER.paperCases(LASTFM,
                Split.VALID)))).isEqualTo("7239bf0e588b013d915b20395bc6b4265ea2a9a52dedd849f92f86049473a4aa");
    }

    @Test
    void movieLensAndSteamRecommendationListsAreCPythons() {
        List<EvaluationCase> movielens = EvaluationProtocol.PAPER.paperCases(MOVIELENS, Split.TEST);
        assertThat(movielens).hasSize(95);
        List<String> lines = recommendationLines(MOVIELENS.catalog(), movielens);
        assertThat(lines.subList(0, 2)).containsExactly(
                "0:3,1170,1628,1169,1527,327,1092,184,978,1286,825,1067,65,1203,535,192,849,404,497,531",
                "1:1470,1511,564,1348,1216,222,1655,570,1449,516,521,609,1560,1080,132,515,43,1640,1084,1448");
        assertThat(sha256(lines)).isEqualTo("faf3b3519ab54ff14ac630e1cefe0ac7213ff8c388b2de6cb448fec90aab4750");
        Dataset steam = IMPORTER.load(KnownDataset.STEAM);
        List<EvaluationCase> steamCases = EvaluationProtocol.PAPER.paperCases(steam, Split.TEST);
        assertThat(steamCases).hasSize(1186);
        assertThat(sha256(recommendationLines(steam.catalog(), steamCases)))
                .isEqualTo("fc9fcd67ba13b48e53e1a4ee935e8cd74da1343bf5f485ad6de6ff80cc79c5f3");
    }

    @Test
    void lastFmUserSimulationListsAreCPythonsAtEveryRatio() {
        List<dev.afl.data.UserHistory> users = IMPORTER.loadUserSimulation(KnownDataset.LASTFM);
        String[] digests = {"86bdd899799bd75700ed883ef450105929dd62d67efd936bce38555bd0943e58",
            "a7df2b6695ec7dd3a43b19eb63e7f7d8e34bc1ddf9530a4350fd5ed27f621d82",
            "bf85f820824bac18ed0ee3c99ec58a469fdb85de49a40898a87428df81bc776b"};
        for (int r = 0; r < Ratio.PAPER.size(); r++) {
            List<UserSimulationProtocol.Case> cases = UserSimulationProtocol.paperCases("lastfm", LASTFM.catalog(),
                    users, Ratio.PAPER.get(r));
            assertThat(cases).hasSize(60);
            assertThat(sha256(userSimulationLines(LASTFM.catalog(), cases))).as(Ratio.PAPER.get(r).name())
                    .isEqualTo(digests[r]);
            for (UserSimulationProtocol.Case c : cases) {
                assertThat(c.liked().stream().filter(liked -> liked)).hasSize(Ratio.PAPER.get(r).positives());
                assertThat(c.id()).isEqualTo(c.user() + "-paper");
                assertThat(c.loop().lists()).isEqualTo(CandidateLists.PAPER);
            }
        }
        // The first user in full at 1:1 (HetRec ids mapped back to item indices).
        UserSimulationProtocol.Case first = UserSimulationProtocol.paperCases("lastfm", LASTFM.catalog(), users,
                Ratio.ONE_TO_ONE).getFirst();
        assertThat(userSimulationLines(LASTFM.catalog(), List.of(first)).getFirst()).isEqualTo(
                "772:3273,4049,2029,724,3215,1294,4341,996,2128,1134,2110,1602,4241,263,753,1974,3367,4468,259,3885"
                        + "|2235,4378,1392,1018,1978,2471,1514,2250,1637,545,4564,1390,173,4069,966,2276,2268,592,"
                        + "1053,2909");
    }

    @Test
    void theRowVariantIsDrawnTheSameWayOnMovieLens() {
        List<dev.afl.data.SequenceRow> rows = MOVIELENS.rows(Split.TEST);
        String[] digests = {"a5562f58ceaa460e1682e723bd90871537b89da4795dcde8dd123d0065b5b6cc",
            "659c85226e90efbe7a527289e095cf13bcaa8479e2ab1bce498b7ac97f0c9049",
            "8a0b6c73928ac9de7ce94bc0f484bba6120bf68e8e6ce57cd804095b15796916"};
        for (int r = 0; r < Ratio.PAPER.size(); r++) {
            List<UserSimulationProtocol.Case> cases = UserSimulationProtocol.paperFromRows("movielens",
                    MOVIELENS.catalog(), rows, Ratio.PAPER.get(r));
            assertThat(cases).hasSize(95);
            assertThat(sha256(userSimulationLines(MOVIELENS.catalog(), cases))).as(Ratio.PAPER.get(r).name())
                    .isEqualTo(digests[r]);
        }
        UserSimulationProtocol.Case first = UserSimulationProtocol.paperFromRows("movielens", MOVIELENS.catalog(),
                rows, Ratio.ONE_TO_THREE).getFirst();
        assertThat(userSimulationLines(MOVIELENS.catalog(), List.of(first)).getFirst()).isEqualTo(
                "row0:432,1170,1628,1169,1527,327,1092,184,978,1286,825,1067,65,1203,535,192,849,404,497,531"
                        + "|615,3,1659,1232");
    }

    @Test
    void aSubsetOfRowsKeepsTheListsTheWholeSplitDraws() {
        List<EvaluationCase> all = EvaluationProtocol.PAPER.paperCases(LASTFM, Split.TEST);
        List<EvaluationCase> first = EvaluationProtocol.PAPER.cases(LASTFM, Split.TEST, CandidateLists.PAPER,
                List.of(0L, 1L), 7);
        assertThat(first).isEqualTo(all.subList(0, 7));
        assertThat(first).allSatisfy(c -> {
            assertThat(c.id()).isEqualTo("row" + c.row() + "-paper");
            assertThat(c.seed()).isEqualTo(CandidateLists.PAPER_SEED);
            assertThat(c.candidates()).hasSize(20).doesNotHaveDuplicates().contains(c.target());
        });
        // The seeded draws are another protocol, with other case ids.
        List<EvaluationCase> seeded = EvaluationProtocol.PAPER.cases(LASTFM, Split.TEST, CandidateLists.SEEDS,
                List.of(0L), 7);
        assertThat(seeded).extracting(EvaluationCase::id).doesNotContainAnyElementsOf(
                first.stream().map(EvaluationCase::id).toList());
        // Moving the target keeps the case's protocol.
        assertThat(all.getFirst().withTargetAt(EvaluationCase.TargetPosition.LAST).id()).isEqualTo("row0-paper");
    }

    private static List<String> recommendationLines(ItemCatalog catalog, List<EvaluationCase> cases) {
        return cases.stream().map(c -> c.row() + ":" + positions(catalog, c.candidates())).toList();
    }

    private static List<String> userSimulationLines(ItemCatalog catalog, List<UserSimulationProtocol.Case> cases) {
        List<String> lines = new ArrayList<>();
        for (UserSimulationProtocol.Case c : cases) {
            lines.add(c.user() + ":" + positions(catalog, c.loop().candidates()) + "|" + positions(catalog, c.items()));
        }
        return lines;
    }

    private static String positions(ItemCatalog catalog, List<String> ids) {
        return ids.stream().map(id -> String.valueOf(catalog.positionOf(id))).collect(Collectors.joining(","));
    }

    private static String sha256(List<String> lines) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
