package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class of commands that destroy data they did not create, as the shell analysis flags them: each of the spellings
 * below removes a tree or listed files, empties or wipes a file or device, discards uncommitted work or rewrites a
 * tree's modes; the ordinary commands beside them name what they touch.
 */
class DataLossTest {
    static String destroys(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script, null);
        for (int k = 0; k < a.commands().size(); k++) {
            if (a.destroys(k) != null) return a.destroys(k);
        }
        return null;
    }

    @Test
    void commandsThatDestroyDataTheyDidNotCreate() {
        for (String s : List.of(
                // removing more than the words name
                "rm -r d", "rm -Rf d", "rm --recursive d", "sudo rm -r /srv", "bash -c 'rm -r d'", "x=-r; rm $x d",
                "rm $(echo -rf) d", "find . -delete", "find . -name '*.log' -delete", "find . -exec rm {} \\;",
                "find . -name x -exec rm -f {} +", "ls | xargs rm", "find . -print0 | xargs -0 rm -f",
                "rsync -a --delete src/ dst/", "rsync -a --delete-after src/ dst/", "rsync -a --del src/ dst/",
                // emptying, wiping, overwriting with nothing
                "> f", ": > f", "true > f", "x=1 > f", "echo -n > f", "printf '' > f", "cat /dev/null > f", ": >| f",
                ": &> f", "truncate -s 0 f", "truncate --size=10 f", "truncate -r ref f", "cp /dev/null f",
                "cp /dev/zero f", "install /dev/null f", "shred f", "shred -u f", "wipefs -a /dev/sdb",
                "mkfs.ext4 /dev/sdb1", "mke2fs /dev/sdb1", "blkdiscard /dev/sdb", "dd if=/dev/zero of=/dev/sda",
                "dd if=x.img of=/dev/nvme0n1 bs=4M", "ls > /dev/sda", "mv f /dev/null", "mv -t /dev/null f",
                "dd if=/dev/null of=f", "dd of=f count=0", "sudo dd status=none if=/dev/null of=/etc/hosts",
                "ln -sf /dev/null f", "ln --symbolic --force /dev/null ~/.bash_history", "ln -s -f /dev/zero f",
                "mv /dev/null f", "fallocate -p -o 0 -l 4096 f", "fallocate --zero-range -l 1M f",
                "fallocate -c -l 4096 f", "tee f < /dev/null", ": | tee f", "echo -n | tee -i f g",
                "cat /dev/null | tee f > /dev/null", ": | sudo tee /etc/hosts",
                // discarding uncommitted work
                "git checkout -- .", "git checkout -- src/a.c", "git checkout HEAD -- src", "git checkout .",
                "git checkout -f main", "git -C repo checkout -- .", "git restore .", "git restore --worktree a",
                "git restore --source=HEAD~ a", "git restore --staged --worktree a", "git reset --hard",
                "git reset --har HEAD~1", "git clean -fdx", "git clean -d", "git stash drop", "git stash clear",
                "git switch --discard-changes main", "git switch -f main", "git checkout-index -f -a",
                "git checkout-index --force f", "git read-tree --reset -u HEAD", "git worktree remove --force ../wt",
                "git reflog expire --expire=now --all", "git reflog expire --expire-unreachable=now --all",
                "git reflog delete HEAD@{1}",
                // checkout's paths without "--": a second operand, or one only a path can be
                "git checkout HEAD a", "git checkout main src/a.c", "git checkout -q HEAD~1 a b", "git checkout ./a",
                "git checkout ../lib/x.c", "git checkout src/", "git checkout --pathspec-from-file=list main",
                "git checkout -b topic main a",
                // a patch taken back out of the files: of git diff, the uncommitted changes
                "git apply -R patch.diff", "git diff | git apply -R", "git diff | git apply --reverse -",
                "git diff > p; git apply -v -R p", "git -C repo apply --rev p", "git apply -R --index p",
                // a whole tree's modes or owners
                "chmod -R 000 .", "chmod --recursive a-w d", "chown -R nobody .", "chgrp -R users /srv")) {
            assertNotNull(destroys(s), s);
        }
    }

    @Test
    void ordinaryCommandsNameWhatTheyTouch() {
        for (String s : List.of("rm f", "rm -f a b", "rm -- -r", "rmdir d", "unlink f", "cp a b", "cp -r a b", "mv a b",
                "git status", "git checkout main", "git checkout -b topic", "git restore --staged a", "git reset HEAD a",
                "git checkout -b topic origin/main", "git checkout -B main origin/main", "git checkout -qb t main",
                "git checkout --orphan gh-pages", "git checkout --track origin/x", "git checkout -", "git checkout v1.2.3",
                "git checkout feature/x", "git checkout --detach HEAD~1", "git apply p.diff", "git apply -R --check p",
                "git diff | git apply -R --stat", "git apply -R --cached p",
                "git clean -n", "git stash", "git stash pop", "find . -name x", "find . -name x -exec grep y {} +",
                "echo hi > f", "sort a > f", "echo hi >> f", ": >> f", "ls 2>/dev/null", "cmd > /dev/null 2>&1",
                "truncate -s +1M f", "dd if=/dev/zero of=/dev/null bs=1M count=1", "dd if=a of=b", "cp f /dev/null",
                "chmod 600 f", "chmod -r f", "chown me f", "rsync -a src/ dst/", "rsync -a --delay-updates src/ dst/", "ls | xargs grep x", "cat /dev/null",
                "tar cf - d > d.tar", "echo > /dev/stderr", "ln -sf target link", "ln -s /dev/null f",
                "dd if=/dev/null of=f conv=notrunc", "dd if=f of=/dev/stdout count=0",
                "git checkout-index -a", "git read-tree -m -u HEAD", "fallocate -l 1G f", "fallocate -d f",
                "echo hi | tee f", "true | tee -a f", ": | tee --append f", "ls | tee out.txt", "tee f < in",
                "echo x | sudo tee /etc/hosts", "git worktree remove ../wt", "git reflog expire",
                "{ echo a; echo b; } > f", "for i in 1 2; do echo $i; done > f", "(echo a) > f", "exec > log; make")) {
            assertNull(destroys(s), s);
        }
    }

    /**
     * Tools that write an empty output over a file (sed -i dropping every line, sort -o of nothing, a filter of an empty
     * input), and data held elsewhere than in local files: a remote's branches, an unmerged branch, a crontab,
     * containers and volumes, infrastructure, databases, a bucket's objects, cluster objects.
     */
    @Test
    void toolsWritingNothingAndServicesLosingData() {
        for (String s : List.of(
                "sed -i d f", "sed -i '1,$d' f", "sed --in-place -e d f", "sed -s -i d f", "sed -i '{d}' f", "sed -i q f",
                "sed -i -n '/x/!d' f", "sed -ni '/x/d' f", "sed --quiet --in-place '1d' f", "sed -i -e '$!N' -e d f",
                "sort -o f /dev/null", "sort /dev/null -o f", "shuf -o f /dev/null", ": | sort -o f", "sort -o f < /dev/null",
                "xz -d < /dev/null > f", "grep x < /dev/null > f", ": | sort > f", "gzip -dc < /dev/null > f",
                "head -c0 f > g", "head -n 0 x > f", "tail -n0 x > f", "head --bytes=0 x > f", "grep -m0 x f > g",
                "sed -n '' x > f", "sed -n d x > f",
                "git push --force", "git push -f origin main", "git push origin +main", "git push --mirror origin",
                "git push origin :topic", "git push --delete origin topic", "git push --force-with-lease",
                "git -C repo push --forc origin main", "git branch -D topic", "git branch -d -f topic",
                "git branch --delete --force topic", "git update-ref -d refs/heads/main", "crontab -r", "crontab -u x -r",
                "docker rm -f web", "docker -H tcp://h rm web", "docker container rm web", "docker volume rm data",
                "docker volume prune -f", "docker system prune -af", "docker container prune", "podman rm web",
                "docker compose down -v", "docker-compose down --volumes", "terraform destroy", "terraform apply -destroy",
                "tofu destroy -auto-approve", "dropdb app", "psql -c 'DROP TABLE t'", "psql -d app -c 'truncate t'",
                "psql --command='delete from t'", "mysql -e 'drop database x'", "sqlite3 db 'DROP TABLE t'",
                "redis-cli flushall", "redis-cli -n 2 FLUSHDB async", "aws s3 rm --recursive s3://b/p",
                "aws --profile p s3 rm s3://b --recursive", "aws s3 rb --force s3://b", "aws s3 sync --delete . s3://b",
                "kubectl delete pod web", "kubectl --kubeconfig k -n prod delete ns prod", "kubectl replace --force -f x.yaml",
                "kubectl apply --prune -l app=x -f d/", "kubectl drain n1 --delete-emptydir-data", "helm uninstall rel",
                "zfs destroy pool/x", "lvremove -f vg/lv", "git rm -rf d", "git rm --force f", "rclone purge r:b",
                "rclone sync a r:b", "gsutil -m rm -r gs://b", "gcloud storage rm --recursive gs://b",
                "s3cmd del --recursive s3://b", "mc rm --recursive --force m/b", "mongosh --eval 'db.dropDatabase()'",
                "mongosh app --eval 'db.users.deleteMany({})'", "etcdctl del --prefix ''", "journalctl --vacuum-time=1s",
                "sgdisk --zap-all /dev/sdb", "zpool destroy tank", "cryptsetup erase /dev/sdb",
                "fd -e log . /srv -X rm", "fd . -x rm {}", "pandoc --filter rm x.md", "terragrunt run-all destroy")) {
            assertNotNull(destroys(s), s);
        }
        for (String s : List.of("sed -i 's/a/b/' f", "sed -i '/^$/d' f", "sed -i.bak d f", "sed -in d f", "sed -i 1d f",
                "sed -ni '1,5p' f", "sed -i -n 's/x/y/p' f", "sed -i '/x/{d}' f", "sed -i 5q f", "sed d f",
                "sort -o f data", "sort -o f < data", "cat f | sort -o f", "sort < data > f", "grep x < data > f",
                "head -n 10 x > f", "tail -n +0 x > f", "head -n -0 x > f", "head -c 100 x > f", "grep -m 10 x f > g",
                "sed -n p x > f", "sed -n '/x/p' a > b",
                "git push", "git push origin main", "git push -u origin topic", "git push --tags", "git branch -d topic",
                "git branch -f topic HEAD", "crontab -l", "docker ps", "docker run --rm img", "docker rmi img",
                "docker compose down", "docker compose run web rm x", "docker-compose -f c.yml exec web rm x",
                "terraform plan", "terraform apply", "psql -c 'select 1'",
                "psql -c 'delete from t where id = 1'", "redis-cli get k", "aws s3 rm s3://b/k", "aws s3 cp a s3://b",
                "aws s3 sync . s3://b", "kubectl get pods", "kubectl apply -f x.yaml", "kubectl drain n1",
                "kubectl replace -f x.yaml", "helm list", "git rm f", "git rm -r --cached d", "rclone copy a r:b",
                "gsutil rm gs://b/k", "mongosh --eval 'db.users.find()'", "etcdctl del k", "journalctl -u x",
                "sgdisk -p /dev/sda", "fd -e log . /srv -x wc -l")) {
            assertNull(destroys(s), s);
        }
    }
}
