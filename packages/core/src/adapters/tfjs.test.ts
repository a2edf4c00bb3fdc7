/** The optional tfjs adapter: tensors and models both ways. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DTypeError, ValueError } from '../errors.js';
import { bidirectionalModel, convModel } from '../io/test-models.js';
import { Sequential } from '../model/sequential.js';
import { Tensor } from '../tensor.js';
import { expectClose, randomTensor, setupBackends } from '../testing/oracle.js';
import { fromTfjsModel, fromTfjsTensor, toTfjsModel, toTfjsTensor } from './tfjs.js';

beforeAll(setupBackends);

describe('tensors', () => {
  it('cross both ways with shape, dtype and values, as copies', () => {
    const f = randomTensor([2, 3, 4], 1);
    const tf32 = toTfjsTensor(f, tf);
    expect(tf32.shape).toEqual([2, 3, 4]);
    expect(tf32.dtype).toBe('float32');
    expect(Array.from(tf32.dataSync())).toEqual(Array.from(f.data));
    const back = fromTfjsTensor(tf32);
    expect(back).toBeInstanceOf(Tensor);
    expect(back.shape).toEqual([2, 3, 4]);
    expect(Array.from(back.data)).toEqual(Array.from(f.data));
    back.data[0] = 99;
    expect(tf32.dataSync()[0]).not.toBe(99);
    const ints = fromTfjsTensor(tf.tensor([[1, 2], [3, 4]], [2, 2], 'int32'));
    expect(ints.dtype).toBe('int32');
    expect(toTfjsTensor(ints, tf).dtype).toBe('int32');
    expect(fromTfjsTensor(tf.tensor([true, false], [2], 'bool')).data).toEqual(new Int32Array([1, 0]));
    expect(() => fromTfjsTensor(tf.tensor(['a'], [1], 'string'))).toThrow(DTypeError);
    expect(() => fromTfjsTensor({} as never)).toThrow(ValueError);
    expect(() => toTfjsTensor(f, {} as never)).toThrow(ValueError);
  });
});

describe('models', () => {
  it('toTfjsModel: same predictions in tfjs, with the namespace passed or imported', async () => {
    for (const [model, x] of [[convModel(3), randomTensor([2, 8, 8, 2], 4)], [bidirectionalModel(5), new Tensor(new Int32Array([1, 2, 3, 4, 5, 0, 11, 7, 3, 2]), [2, 5], 'int32')]] as const) {
      for (const theirs of [await toTfjsModel(model, tf), await toTfjsModel(model)]) {
        expectClose((theirs.predict(toTfjsTensor(x, tf)) as tf.Tensor).dataSync(), model.predict(x).data, 1e-4);
      }
    }
  });

  it('fromTfjsModel: same predictions here', async () => {
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 5, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 2, activation: 'softmax' })] });
    const ours = await fromTfjsModel(m);
    expect(ours).toBeInstanceOf(Sequential);
    const x = randomTensor([3, 4], 6);
    expectClose(ours.predict(x).data, (m.predict(toTfjsTensor(x, tf)) as tf.Tensor).dataSync(), 1e-4);
    await expect(fromTfjsModel({} as never)).rejects.toThrow(ValueError);
  });
});
