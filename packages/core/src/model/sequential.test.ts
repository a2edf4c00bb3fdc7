import { setBackend } from '@neurite/kernels';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Callback } from '../callbacks/callback.js';
import { earlyStopping } from '../callbacks/early-stopping.js';
import { NotCompiledError, ShapeError, TrainingDivergedError, UnknownNameError, ValueError } from '../errors.js';
import { Dense } from '../layers/dense.js';
import { LSTM } from '../layers/lstm.js';
import { resetLayerNames } from '../layers/layer.js';
import { adam, sgd } from '../optimizers/index.js';
import { Random, setSeed } from '../random.js';
import { tensor, type Tensor } from '../tensor.js';
import { Sequential, sequential } from './sequential.js';

// Tests run on the reference kernels while the WASM set is being completed.
setBackend('reference');

beforeEach(() => {
  resetLayerNames();
  setSeed(7);
});

/** Two Gaussian blobs in 4-D: label 1 when the sum of the coordinates is positive. */
function blobs(n: number, seed = 1): { x: Tensor; y: Tensor } {
  const rng = new Random(seed);
  const x = new Float32Array(n * 4);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    y[i] = label;
    for (let j = 0; j < 4; j++) x[i * 4 + j] = rng.normal(label === 1 ? 0.7 : -0.7, 0.6);
  }
  return { x: tensor(x, [n, 4]), y: tensor(y, [n, 1]) };
}

function classifier(seed = 3): Sequential {
  const model = sequential({ seed });
  model.add(new Dense({ units: 8, activation: 'relu', inputShape: [4] }));
  model.add(new Dense({ units: 1, activation: 'sigmoid' }));
  return model;
}

describe('Sequential construction', () => {
  it('infers shapes as layers are added and prints a Keras-like summary', () => {
    const model = classifier();
    expect(model.inputShape).toEqual([null, 4]);
    expect(model.outputShape).toEqual([null, 1]);
    expect(model.countParams()).toBe(4 * 8 + 8 + 8 + 1);
    const lines: string[] = [];
    const text = model.summary((l) => lines.push(l));
    expect(lines).toEqual([text]);
    expect(text).toBe(
      [
        'Model: "sequential"',
        '_'.repeat(65),
        ' Layer (type)                Output Shape              Param #',
        '='.repeat(65),
        ' dense (Dense)               (None, 8)                 40',
        '',
        ' dense_1 (Dense)             (None, 1)                 9',
        '='.repeat(65),
        'Total params: 49 (196 B)',
        'Trainable params: 49 (196 B)',
        'Non-trainable params: 0 (0 B)',
        '_'.repeat(65),
      ].join('\n'),
    );
  });

  it('reports a layer whose declared input shape does not fit, naming it', () => {
    const model = classifier();
    expect(() => model.add(new Dense({ units: 2, inputShape: [5], name: 'head' }))).toThrow(ShapeError);
    expect(() => model.add(new Dense({ units: 2, inputShape: [5], name: 'head2' }))).toThrow(/Layer 'head2' \(Dense\) declares input shape \[null, 5\], but the previous layer outputs \[null, 1\]/);
    expect(model.layers.length).toBe(2); // the failed layer is not kept
    expect(() => model.add(new LSTM({ units: 2 }))).toThrow(/Layer 'lstm' \(LSTM\) expects input of rank 3.*got shape \[null, 1\]/);
    expect(() => model.add({} as never)).toThrow(ValueError);
  });

  it('builds on first data when the first layer has no inputShape', () => {
    const model = new Sequential({ layers: [new Dense({ units: 3 }), new Dense({ units: 1 })] });
    expect(model.built).toBe(false);
    expect(() => model.summary()).toThrow(/not built yet/);
    const out = model.predict(tensor([[1, 2], [3, 4], [5, 6]]));
    expect(out.shape).toEqual([3, 1]);
    expect(model.outputShape).toEqual([null, 1]);
  });
});

describe('compile', () => {
  it('resolves names and rejects unknown ones listing the known names', () => {
    const model = classifier();
    expect(() => model.compile({ optimizer: 'adamax', loss: 'mse' })).toThrow(UnknownNameError);
    expect(() => model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['f1'] })).toThrow(/Known metrics: accuracy, acc/);
    expect(() => model.compile(undefined as never)).toThrow(ValueError);
  });
});

describe('fit', () => {
  it('learns a separable task: loss falls, accuracy rises; History has Keras keys', async () => {
    const { x, y } = blobs(200);
    const model = classifier();
    model.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const before = model.evaluate(x, y);
    const history = await model.fit(x, y, { epochs: 15, batchSize: 16, validationSplit: 0.2, verbose: 0 });
    expect(Object.keys(history.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(history.epoch).toEqual([...Array(15).keys()]);
    const loss = history.history.loss;
    expect(loss[14]).toBeLessThan(loss[0] * 0.6);
    expect(history.history.accuracy[14]).toBeGreaterThan(0.9);
    expect(history.history.val_accuracy[14]).toBeGreaterThan(0.85);
    const after = model.evaluate(x, y);
    expect(Object.keys(after)).toEqual(['loss', 'accuracy']);
    expect(after.loss).toBeLessThan(before.loss);
    expect(after.accuracy).toBeGreaterThan(0.9);
  });

  it("takes validationSplit from the END of the data, like Keras", async () => {
    const { x, y } = blobs(50);
    const model = classifier();
    model.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'binary_crossentropy', metrics: ['acc'] });
    let samples = 0;
    const probe = new (class extends Callback {
      onTrainBegin(): void {
        samples = this.params!.samples;
      }
    })();
    const h = await model.fit(x, y, { epochs: 1, validationSplit: 0.3, verbose: 0, callbacks: [probe] });
    expect(samples).toBe(35); // floor(50 · 0.7)
    // lr 0: the weights never move, so val_loss must equal evaluate() on the last 15 samples.
    const last = model.evaluate(tensor(x.data.slice(35 * 4), [15, 4]), tensor(y.data.slice(35), [15, 1]));
    expect(h.history.val_loss[0]).toBeCloseTo(last.loss, 6);
    expect(h.history.val_acc[0]).toBeCloseTo(last.acc, 6);
  });

  it('uses validationData when given', async () => {
    const { x, y } = blobs(40);
    const val = blobs(10, 9);
    const model = classifier();
    model.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'mse' });
    const h = await model.fit(x, y, { epochs: 2, validationData: [val.x, val.y], verbose: 0 });
    expect(h.history.val_loss[1]).toBeCloseTo(model.evaluate(val.x, val.y).loss, 6);
  });

  it('is deterministic: the same seeds give bit-identical weights, another shuffle seed does not', async () => {
    const { x, y } = blobs(64);
    const run = async (modelSeed: number): Promise<Float32Array[]> => {
      resetLayerNames();
      setSeed(11);
      const model = classifier(modelSeed);
      model.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
      await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0 });
      return model.getWeights().map((w) => w.data as Float32Array);
    };
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('verbose 1 (the default) draws a progress bar with epoch, batch, loss and metrics', async () => {
    const { x, y } = blobs(40);
    const model = classifier();
    model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['acc'] });
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    try {
      await model.fit(x, y, { epochs: 2, batchSize: 16 });
    } finally {
      spy.mockRestore();
    }
    expect(out).toContain('Epoch 1/2');
    expect(out).toContain('Epoch 2/2');
    expect(out).toMatch(/3\/3 \[=+\] - \d+s \d+ms\/step - loss: \d\.\d{4} - acc: \d\.\d{4}/);
  });

  it('stops when a callback sets model.stopTraining', async () => {
    const { x, y } = blobs(64);
    const model = classifier();
    model.compile({ optimizer: 'sgd', loss: 'binary_crossentropy' });
    let batches = 0;
    const h = await model.fit(x, y, {
      epochs: 10,
      batchSize: 8,
      verbose: 0,
      callbacks: [
        {
          onBatchEnd: (batch: number) => {
            batches++;
            if (batch === 2) model.stopTraining = true;
          },
        },
      ],
    });
    expect(batches).toBe(3);
    expect(h.epoch).toEqual([0]);
  });

  it('early stopping ends fit and restores the best weights', async () => {
    const { x, y } = blobs(40);
    const model = classifier();
    // A learning rate of 0 means no epoch ever improves on the first.
    model.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'binary_crossentropy' });
    const h = await model.fit(x, y, { epochs: 20, validationSplit: 0.25, verbose: 0, callbacks: [earlyStopping({ patience: 2, restoreBestWeights: true })] });
    expect(h.epoch).toEqual([0, 1, 2]);
  });

  it('stops with TrainingDivergedError before a non-finite update, keeping finite weights', async () => {
    const x = tensor([[1e3, -1e3, 2e3, 5e2], [3e3, 1e3, -2e3, 1e3]]);
    const y = tensor([[1e4], [-1e4]]);
    const model = sequential({ seed: 1 });
    model.add(new Dense({ units: 4, inputShape: [4] }));
    model.add(new Dense({ units: 1 }));
    model.compile({ optimizer: sgd({ learningRate: 10 }), loss: 'mse' });
    const err = await model.fit(x, y, { epochs: 50, batchSize: 2, verbose: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingDivergedError);
    expect((err as Error).message).toMatch(/diverged at epoch \d+, batch 1: the (loss became (Infinity|NaN)|gradient of '.*' became non-finite)\. .*Lower the learning rate/);
    for (const w of model.getWeights()) for (const v of w.data) expect(Number.isFinite(v)).toBe(true);
    expect((err as TrainingDivergedError).history?.epoch.length).toBeGreaterThan(0);
  });
});

describe('input validation', () => {
  const { x, y } = blobs(8);

  it('fit before compile → NotCompiledError', async () => {
    await expect(classifier().fit(x, y)).rejects.toThrow(NotCompiledError);
    expect(() => classifier().evaluate(x, y)).toThrow(/call model\.compile/);
  });

  it('wrong rank or size names the first layer, the expected and the actual shape', async () => {
    const model = classifier();
    model.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
    const bad = tensor(new Float32Array(8 * 5), [8, 5]);
    await expect(model.fit(bad, y, { verbose: 0 })).rejects.toThrow(ShapeError);
    await expect(model.fit(bad, y, { verbose: 0 })).rejects.toThrow("fit: the model's first layer 'dense' (Dense) expects input shape [null, 4], but x has shape [8, 5]");
    expect(() => model.predict(tensor(new Float32Array(8), [8]))).toThrow(/expects input shape \[null, 4\], but x has shape \[8\]/);
  });

  it('x/y length mismatch, empty batch, wrong target shape', async () => {
    const model = classifier();
    model.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
    await expect(model.fit(x, tensor(new Float32Array(7), [7, 1]), { verbose: 0 })).rejects.toThrow(/x has 8 samples .* but y has 7/);
    await expect(model.fit(tensor(new Float32Array(0), [0, 4]), tensor(new Float32Array(0), [0, 1]), { verbose: 0 })).rejects.toThrow(/0 samples/);
    await expect(model.fit(x, tensor(new Float32Array(16), [8, 2]), { verbose: 0 })).rejects.toThrow(/y has shape \[8, 2\] but the model outputs \[null, 1\]/);
    await expect(model.fit(x, y, { verbose: 0, batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(model.fit([[1, 2, 3, 4]] as never, y, { verbose: 0 })).rejects.toThrow(/must be a Tensor, got a plain array/);
  });

  it('NaN or Infinity in x or y → ValueError naming the sample', async () => {
    const model = classifier();
    model.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
    const xBad = tensor(Float32Array.from(x.data), x.shape);
    xBad.data[13] = Number.NaN;
    await expect(model.fit(xBad, y, { verbose: 0 })).rejects.toThrow(/x contains NaN \(sample 3, flat index 13\)/);
    const yBad = tensor(Float32Array.from(y.data), y.shape);
    yBad.data[2] = Infinity;
    await expect(model.fit(x, yBad, { verbose: 0 })).rejects.toThrow(/y contains Infinity \(sample 2/);
    expect(() => model.predict(xBad)).toThrow(ValueError);
  });

  it('validationSplit out of range or leaving no data', async () => {
    const model = classifier();
    model.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
    await expect(model.fit(x, y, { verbose: 0, validationSplit: 1 })).rejects.toThrow(/\[0, 1\)/);
    await expect(model.fit(tensor([[1, 2, 3, 4]]), tensor([[1]]), { verbose: 0, validationSplit: 0.5 })).rejects.toThrow(/no training samples/);
  });
});

describe('predict and weights', () => {
  it('predicts in batches with the same result for any batch size, outside the tape', () => {
    const { x } = blobs(37);
    const model = classifier();
    const a = model.predict(x);
    const b = model.predict(x, { batchSize: 5 });
    expect(a.shape).toEqual([37, 1]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });

  it('getWeights/setWeights round-trip and validate', () => {
    const m1 = classifier(1);
    setSeed(99);
    const m2 = classifier(2);
    const { x } = blobs(5);
    expect(Array.from(m1.predict(x).data)).not.toEqual(Array.from(m2.predict(x).data));
    m2.setWeights(m1.getWeights());
    expect(Array.from(m1.predict(x).data)).toEqual(Array.from(m2.predict(x).data));
    expect(() => m2.setWeights(m1.getWeights().slice(1))).toThrow(/has 4 weights but got 3/);
    const wrong = m1.getWeights();
    wrong[0] = tensor(new Float32Array(3), [3]);
    expect(() => m2.setWeights(wrong)).toThrow(ShapeError);
  });
});

describe('trainOnBatch', () => {
  it('takes the same step as one epoch of fit on the same unshuffled batch', async () => {
    const make = () => {
      const m = sequential({ seed: 7 });
      m.add(new Dense({ units: 3, activation: 'relu', inputShape: [4] }));
      m.add(new Dense({ units: 1, activation: 'sigmoid' }));
      m.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
      return m;
    };
    setSeed(3);
    const a = make();
    setSeed(3);
    const b = make();
    const x = tensor([[0.1, -0.2, 0.3, 0.9], [1, 0.5, -0.5, 0], [0.2, 0.2, 0.2, 0.2]]);
    const y = tensor([[1], [0], [1]]);
    const logs = a.trainOnBatch(x, y);
    await b.fit(x, y, { epochs: 1, batchSize: 3, shuffle: false, verbose: 0 });
    expect(a.getWeights().map((w) => Array.from(w.data))).toEqual(b.getWeights().map((w) => Array.from(w.data)));
    expect(Number.isFinite(logs.loss)).toBe(true);
    expect(logs.accuracy).toBeGreaterThanOrEqual(0);
  });
});
