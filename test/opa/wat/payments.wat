;; A hand-written stand-in for what `opa build -t wasm` emits for the policy
;; below, implementing the OPA Wasm ABI 1.2 exports that
;; @open-policy-agent/opa-wasm 1.10 calls (and the 1.1 slow path too, so the
;; same module serves both: the SDK picks by `opa_wasm_abi_minor_version`).
;;
;;   package agent.payments
;;
;;   deny contains "refunds are disabled" if input.proposal.tool == "payments.refund"
;;
;;   escalate contains {"amount": a, "msg": sprintf("charge of %d needs a human", [a])} if {
;;     a := input.proposal.args.amount
;;     a > data.limits.max_amount
;;   }
;;
;;   allow if input.proposal.agent != "intern-bot"
;;
;;   obligations contains {"type": "compensate", "tool": "payments.refund"} if input.proposal.tool == "payments.charge"
;;
;;   decision := {"deny": deny, "escalate": escalate, "allow": allow, "obligations": obligations}  (allow left out when undefined)
;;
;; and `agent/chaos/deny`, which marks the instance's state as corrupted and
;; then aborts: it stands in for a runtime left half-updated by a trap (OPA's
;; allocator keeps its free lists in linear memory), so tests can check that
;; snapspace does not reuse an instance after a failed evaluation.
;;
;; How it works. A "value" here is the address of its own JSON text,
;; NUL-terminated: `opa_json_parse` copies the text, `opa_json_dump` is the
;; identity. The policy reads the input as the compact, key-sorted JSON text
;; snapspace writes, by looking for exact byte patterns (`"tool":"payments.refund"`,
;; `"amount":` followed by digits); integers only. The heap is a bump
;; allocator that aborts with "out of memory" instead of growing, so an SDK
;; path that forgot to reset the heap between evaluations would fail fast.
;;
;; Lines marked `;; @name` are replaced by the tests to build variants
;; (another ABI version, other built-ins or entrypoints).
(module
  (import "env" "memory" (memory 2))
  (import "env" "opa_abort" (func $opa_abort (param i32)))
  (import "env" "opa_builtin2" (func $opa_builtin2 (param i32 i32 i32 i32) (result i32)))

  (global (export "opa_wasm_abi_version") i32 (i32.const 1)) ;; @abi-major
  (global (export "opa_wasm_abi_minor_version") i32 (i32.const 2)) ;; @abi-minor

  ;; The heap starts on page 1; page 0 holds the constants below.
  (global $heap (mut i32) (i32.const 65536))
  ;; Write cursor and end of the result being built.
  (global $out (mut i32) (i32.const 0))
  (global $out_end (mut i32) (i32.const 0))
  ;; The input text and the data value of the current evaluation.
  (global $in (mut i32) (i32.const 0))
  (global $in_len (mut i32) (i32.const 0))
  (global $data (mut i32) (i32.const 0))
  (global $data_len (mut i32) (i32.const 0))
  ;; Facts computed before the result is written (so built-in calls, which allocate, come first).
  (global $amount_at (mut i32) (i32.const 0))
  (global $amount_len (mut i32) (i32.const 0))
  (global $msg (mut i32) (i32.const 0))
  (global $poisoned (mut i32) (i32.const 0))

  ;; What `builtins()` and `entrypoints()` return (JSON objects: name -> id).
  (data (i32.const 1024) "{\"sprintf\":0}\00") ;; @builtins
  (data (i32.const 2048) "{\"agent/payments/deny\":0,\"agent/payments/escalate\":1,\"agent/payments/allow\":2,\"agent/payments/obligations\":3}\00") ;; @entrypoints

  ;; Constants, NUL-terminated, one 128-byte slot each.
  (data (i32.const 4096) "\"tool\":\"payments.refund\"\00")
  (data (i32.const 4224) "\"tool\":\"payments.charge\"\00")
  (data (i32.const 4352) "\"agent\":\"intern-bot\"\00")
  (data (i32.const 4480) "\"amount\":\00")
  (data (i32.const 4608) "\"max_amount\":\00")
  (data (i32.const 4736) "\"charge of %d needs a human\"\00")
  (data (i32.const 4864) "[\"refunds are disabled\"]\00")
  (data (i32.const 4992) "[{\"tool\":\"payments.refund\",\"type\":\"compensate\"}]\00")
  (data (i32.const 5120) "[]\00")
  (data (i32.const 5248) "[{\"result\":\00")
  (data (i32.const 5376) "}]\00")
  (data (i32.const 5504) "true\00")
  (data (i32.const 5632) "[{\"amount\":\00")
  (data (i32.const 5760) ",\"msg\":\00")
  (data (i32.const 5888) "{\"deny\":\00")
  (data (i32.const 6016) ",\"escalate\":\00")
  (data (i32.const 6144) ",\"obligations\":\00")
  (data (i32.const 6272) ",\"allow\":true\00")
  (data (i32.const 6400) "}\00")
  (data (i32.const 6528) "[\"poisoned\"]\00")
  (data (i32.const 6656) "out of memory\00")
  (data (i32.const 6784) "result too large\00")
  (data (i32.const 6912) "unknown entrypoint\00")
  (data (i32.const 7040) "chaos: aborted on purpose\00")

  ;; ---- memory -----------------------------------------------------------

  (func $malloc (export "opa_malloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (local.get $p) (local.get $n)))
    (if (i32.gt_u (global.get $heap) (i32.shl (memory.size) (i32.const 16)))
      (then (call $opa_abort (i32.const 6656))))
    (local.get $p))

  ;; A bump allocator frees by resetting the heap pointer, which the SDK does between evaluations.
  (func (export "opa_free") (param $p i32))

  (func (export "opa_heap_ptr_get") (result i32) (global.get $heap))
  (func (export "opa_heap_ptr_set") (param $p i32) (global.set $heap (local.get $p)))

  (func $copy (param $dst i32) (param $src i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (local.get $dst) (local.get $i)) (i32.load8_u (i32.add (local.get $src) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  (func $strlen (param $p i32) (result i32)
    (local $q i32)
    (local.set $q (local.get $p))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (local.get $q))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $next)))
    (i32.sub (local.get $q) (local.get $p)))

  ;; ---- values: the address of their NUL-terminated JSON text -------------

  (func (export "opa_json_parse") (param $p i32) (param $n i32) (result i32)
    (local $v i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (local.set $v (call $malloc (i32.add (local.get $n) (i32.const 1))))
    (call $copy (local.get $v) (local.get $p) (local.get $n))
    (i32.store8 (i32.add (local.get $v) (local.get $n)) (i32.const 0))
    (local.get $v))

  (func (export "opa_json_dump") (param $v i32) (result i32) (local.get $v))

  (func (export "builtins") (result i32) (i32.const 1024))
  (func (export "entrypoints") (result i32) (i32.const 2048))

  ;; ---- scanning the input ------------------------------------------------

  ;; The address just after the first occurrence of the NUL-terminated $needle in [$hay, $hay + $len), or 0.
  (func $after (param $hay i32) (param $len i32) (param $needle i32) (result i32)
    (local $n i32) (local $i i32) (local $j i32) (local $last i32)
    (local.set $n (call $strlen (local.get $needle)))
    (if (i32.gt_u (local.get $n) (local.get $len)) (then (return (i32.const 0))))
    (local.set $last (i32.sub (i32.add (local.get $hay) (local.get $len)) (local.get $n)))
    (local.set $i (local.get $hay))
    (block $not_found
      (loop $outer
        (br_if $not_found (i32.gt_u (local.get $i) (local.get $last)))
        (local.set $j (i32.const 0))
        (block $mismatch
          (loop $inner
            (if (i32.eq (local.get $j) (local.get $n))
              (then (return (i32.add (local.get $i) (local.get $n)))))
            (br_if $mismatch
              (i32.ne (i32.load8_u (i32.add (local.get $i) (local.get $j)))
                      (i32.load8_u (i32.add (local.get $needle) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $inner)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (i32.const 0))

  (func $contains (param $needle i32) (result i32)
    (i32.ne (call $after (global.get $in) (global.get $in_len) (local.get $needle)) (i32.const 0)))

  ;; How many ASCII digits start at $p (stopping at $end).
  (func $digits (param $p i32) (param $end i32) (result i32)
    (local $q i32) (local $c i32)
    (local.set $q (local.get $p))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $q)))
        (br_if $done (i32.or (i32.lt_u (local.get $c) (i32.const 48)) (i32.gt_u (local.get $c) (i32.const 57))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $next)))
    (i32.sub (local.get $q) (local.get $p)))

  (func $number (param $p i32) (param $n i32) (result i64)
    (local $v i64) (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $v
          (i64.add (i64.mul (local.get $v) (i64.const 10))
                   (i64.extend_i32_u (i32.sub (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const 48)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $v))

  ;; Find the amount and, when it is over data.limits.max_amount, format the message with the `sprintf` built-in.
  (func $prepare
    (local $p i32) (local $n i32) (local $lp i32) (local $ln i32) (local $args i32)
    (global.set $amount_at (i32.const 0))
    (global.set $amount_len (i32.const 0))
    (global.set $msg (i32.const 0))
    (local.set $p (call $after (global.get $in) (global.get $in_len) (i32.const 4480)))
    (if (i32.eqz (local.get $p)) (then (return)))
    (local.set $n (call $digits (local.get $p) (i32.add (global.get $in) (global.get $in_len))))
    (if (i32.eqz (local.get $n)) (then (return)))
    (global.set $amount_at (local.get $p))
    (global.set $amount_len (local.get $n))
    (if (i32.eqz (global.get $data)) (then (return)))
    (local.set $lp (call $after (global.get $data) (global.get $data_len) (i32.const 4608)))
    (if (i32.eqz (local.get $lp)) (then (return)))
    (local.set $ln (call $digits (local.get $lp) (i32.add (global.get $data) (global.get $data_len))))
    (if (i32.eqz (local.get $ln)) (then (return)))
    (if (i64.le_u (call $number (local.get $p) (local.get $n)) (call $number (local.get $lp) (local.get $ln)))
      (then (return)))
    ;; args := [amount], as JSON text
    (local.set $args (call $malloc (i32.add (local.get $n) (i32.const 3))))
    (i32.store8 (local.get $args) (i32.const 91))
    (call $copy (i32.add (local.get $args) (i32.const 1)) (local.get $p) (local.get $n))
    (i32.store8 (i32.add (local.get $args) (i32.add (local.get $n) (i32.const 1))) (i32.const 93))
    (i32.store8 (i32.add (local.get $args) (i32.add (local.get $n) (i32.const 2))) (i32.const 0))
    (global.set $msg (call $opa_builtin2 (i32.const 0) (i32.const 0) (i32.const 4736) (local.get $args))))

  ;; ---- writing the result ------------------------------------------------

  (func $begin (result i32)
    (global.set $out (call $malloc (i32.const 4096)))
    (global.set $out_end (i32.add (global.get $out) (i32.const 4096)))
    (global.get $out))

  (func $emit (param $p i32) (param $n i32)
    (if (i32.gt_u (i32.add (global.get $out) (local.get $n)) (global.get $out_end))
      (then (call $opa_abort (i32.const 6784))))
    (call $copy (global.get $out) (local.get $p) (local.get $n))
    (global.set $out (i32.add (global.get $out) (local.get $n))))

  (func $emitz (param $p i32)
    (call $emit (local.get $p) (call $strlen (local.get $p))))

  (func $deny_set
    (if (global.get $poisoned) (then (call $emitz (i32.const 6528)) (return)))
    (if (call $contains (i32.const 4096))
      (then (call $emitz (i32.const 4864)))
      (else (call $emitz (i32.const 5120)))))

  (func $escalate_set
    (if (i32.eqz (global.get $msg)) (then (call $emitz (i32.const 5120)) (return)))
    (call $emitz (i32.const 5632))
    (call $emit (global.get $amount_at) (global.get $amount_len))
    (call $emitz (i32.const 5760))
    (call $emitz (global.get $msg))
    (call $emitz (i32.const 5376)))

  (func $obligations_set
    (if (call $contains (i32.const 4224))
      (then (call $emitz (i32.const 4992)))
      (else (call $emitz (i32.const 5120)))))

  (func $allowed (result i32)
    (i32.eqz (call $contains (i32.const 4352))))

  ;; Evaluate entrypoint $ep over the current input and data; returns the address of the result set's JSON text.
  (func $run (param $ep i32) (result i32)
    (local $r i32)
    (call $prepare)
    (local.set $r (call $begin))
    (block $written
      (if (i32.eq (local.get $ep) (i32.const 0))
        (then (call $emitz (i32.const 5248)) (call $deny_set) (call $emitz (i32.const 5376)) (br $written)))
      (if (i32.eq (local.get $ep) (i32.const 1))
        (then (call $emitz (i32.const 5248)) (call $escalate_set) (call $emitz (i32.const 5376)) (br $written)))
      (if (i32.eq (local.get $ep) (i32.const 2))
        (then
          (if (call $allowed)
            (then (call $emitz (i32.const 5248)) (call $emitz (i32.const 5504)) (call $emitz (i32.const 5376)))
            (else (call $emitz (i32.const 5120))))
          (br $written)))
      (if (i32.eq (local.get $ep) (i32.const 3))
        (then (call $emitz (i32.const 5248)) (call $obligations_set) (call $emitz (i32.const 5376)) (br $written)))
      (if (i32.eq (local.get $ep) (i32.const 4))
        (then
          (call $emitz (i32.const 5248))
          (call $emitz (i32.const 5888)) (call $deny_set)
          (call $emitz (i32.const 6016)) (call $escalate_set)
          (call $emitz (i32.const 6144)) (call $obligations_set)
          (if (call $allowed) (then (call $emitz (i32.const 6272))))
          (call $emitz (i32.const 6400))
          (call $emitz (i32.const 5376))
          (br $written)))
      (if (i32.eq (local.get $ep) (i32.const 5))
        (then (global.set $poisoned (i32.const 1)) (call $opa_abort (i32.const 7040))))
      (call $opa_abort (i32.const 6912)))
    (i32.store8 (global.get $out) (i32.const 0))
    (local.get $r))

  ;; ---- ABI 1.2 fast path ---------------------------------------------------

  (func (export "opa_eval")
    (param $reserved i32) (param $ep i32) (param $data i32) (param $input i32) (param $len i32) (param $heap i32) (param $format i32)
    (result i32)
    (global.set $heap (local.get $heap))
    (global.set $in (local.get $input))
    (global.set $in_len (local.get $len))
    (global.set $data (local.get $data))
    (global.set $data_len (if (result i32) (local.get $data) (then (call $strlen (local.get $data))) (else (i32.const 0))))
    (call $run (local.get $ep)))

  ;; ---- ABI 1.1 path: an evaluation context {input, data, entrypoint, result} --

  (func (export "opa_eval_ctx_new") (result i32)
    (local $c i32)
    (local.set $c (call $malloc (i32.const 16)))
    (i32.store (local.get $c) (i32.const 0))
    (i32.store offset=4 (local.get $c) (i32.const 0))
    (i32.store offset=8 (local.get $c) (i32.const 0))
    (i32.store offset=12 (local.get $c) (i32.const 0))
    (local.get $c))
  (func (export "opa_eval_ctx_set_input") (param $c i32) (param $v i32) (i32.store (local.get $c) (local.get $v)))
  (func (export "opa_eval_ctx_set_data") (param $c i32) (param $v i32) (i32.store offset=4 (local.get $c) (local.get $v)))
  (func (export "opa_eval_ctx_set_entrypoint") (param $c i32) (param $e i32) (i32.store offset=8 (local.get $c) (local.get $e)))
  (func (export "opa_eval_ctx_get_result") (param $c i32) (result i32) (i32.load offset=12 (local.get $c)))

  (func (export "eval") (param $c i32) (result i32)
    (global.set $in (i32.load (local.get $c)))
    (global.set $in_len (if (result i32) (global.get $in) (then (call $strlen (global.get $in))) (else (i32.const 0))))
    (global.set $data (i32.load offset=4 (local.get $c)))
    (global.set $data_len (if (result i32) (global.get $data) (then (call $strlen (global.get $data))) (else (i32.const 0))))
    (i32.store offset=12 (local.get $c) (call $run (i32.load offset=8 (local.get $c))))
    (i32.const 0))
)
